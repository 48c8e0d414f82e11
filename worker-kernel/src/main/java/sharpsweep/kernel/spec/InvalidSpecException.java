package sharpsweep.kernel.spec;

/** A task spec that breaks a rule; the message names the field, its value and the rule. */
public final class InvalidSpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public InvalidSpecException(String field, String valueAndRule) {
        super(field + ": " + valueAndRule);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
