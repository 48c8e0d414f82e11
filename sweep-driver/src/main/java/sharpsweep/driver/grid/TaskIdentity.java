package sharpsweep.driver.grid;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * docs/DESIGN.md §4: seed = hash(canonical key, replicate); task_id = hash(canonical key, replicate, kernel
 * version). SHA-256 of the UTF-8 text with a NUL between the parts; the seed is its first 8 bytes,
 * the task_id the hex of its first 16.
 */
public final class TaskIdentity {
    private TaskIdentity() {
    }

    public static long seed(String pointKey, int replicate) {
        byte[] h = sha256(pointKey + "\u0000" + replicate);
        long s = 0;
        for (int i = 0; i < 8; i++) {
            s = (s << 8) | (h[i] & 0xFF);
        }
        return s;
    }

    public static String taskId(String pointKey, int replicate, String kernelVersion) {
        byte[] h = sha256(pointKey + "\u0000" + replicate + "\u0000" + kernelVersion);
        return HexFormat.of().formatHex(h, 0, 16);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
