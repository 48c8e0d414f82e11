package sharpsweep.driver.config;

import java.io.Serializable;
import sharpsweep.kernel.spec.Init;

/** One value of the {@code init} axis: {@code xavier}, {@code kaiming} or a number σ; {@code label} is canonical. */
public record InitChoice(Init init, String label) implements Serializable {
    private static final long serialVersionUID = 1L;
}
