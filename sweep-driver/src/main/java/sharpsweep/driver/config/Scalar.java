package sharpsweep.driver.config;

import java.io.Serializable;

/** A real axis value with its canonical text (the identity of the value as written). */
public record Scalar(double value, String text) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** 1, written "1": the default of every scale. */
    public static final Scalar ONE = new Scalar(1, "1");
}
