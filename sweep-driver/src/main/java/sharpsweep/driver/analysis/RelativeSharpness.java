package sharpsweep.driver.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The paper's Fig. 3 measure, for every model: T(Σ_ε) / T(isotropic), both the groups' T(0). The
 * reference is the group with the same key but for the noise whose Σ_ε is isotropic (κ = 1); when
 * several are, the loudest (largest eigenvalue), which matches the paper's pairs such as
 * √Σ_ε = diag(3, 0.03) vs diag(3, 3). Nonlinear models have no T_min, so this is their only
 * normalisation; for the linear model it sits next to the theory's T* / T_min.
 */
public final class RelativeSharpness {
    /** κ within this of 1 counts as isotropic: κ is computed from eigenvalues, exactly 1 for a written-out ∝ I. */
    private static final double ISOTROPIC_TOLERANCE = 1e-9;

    private RelativeSharpness() {
    }

    /** The summaries with their relative sharpness filled in (NaN where no reference exists). */
    public static List<GroupSummary> attach(List<GroupSummary> summaries) {
        Map<GroupKey, Optional<GroupSummary>> references = summaries.stream()
                .filter(s -> Math.abs(s.key().noiseKappa() - 1) <= ISOTROPIC_TOLERANCE && s.used() > 0)
                .collect(Collectors.groupingBy(s -> s.key().withoutNoise(), Collectors.maxBy(
                        Comparator.comparingDouble((GroupSummary s) -> s.key().noiseSpectrum().get(0))
                                .thenComparing(s -> s.key().noiseName(), Comparator.reverseOrder()))));
        List<GroupSummary> out = new ArrayList<>();
        for (GroupSummary s : summaries) {
            Optional<GroupSummary> ref = references.getOrDefault(s.key().withoutNoise(), Optional.empty());
            if (ref.isEmpty() || s.used() == 0) {
                out.add(s);
                continue;
            }
            GroupSummary r = ref.get();
            double t = s.fit().intercept();
            double t0 = r.fit().intercept();
            double ratio = t / t0;
            // Independent groups (different seeds): relative errors add in quadrature.
            double stderr = r == s ? 0 : Math.abs(ratio) * Math.hypot(s.fit().stderr() / t, r.fit().stderr() / t0);
            out.add(s.withReference(new GroupSummary.Reference(ratio, stderr, r.key().noiseName())));
        }
        return out;
    }
}
