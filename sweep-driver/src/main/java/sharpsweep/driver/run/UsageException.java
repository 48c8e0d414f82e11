package sharpsweep.driver.run;

/** Bad input found before Spark starts (exit code 2); the message is one line and names what is wrong. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
