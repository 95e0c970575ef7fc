package dev.errand.backend.theschwartz;

import dev.errand.job.JobId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.OptionalLong;

/**
 * Job ids: the {@code jobid}, or with {@code errand.theschwartz.perlDsn} Perl's handle string {@code
 * md5_hex("<dsn>|<user>")-<jobid>}, so that Perl's {@code handle_from_string} reads a Java id and Java reads a
 * Perl handle.
 */
final class JobIds {
    private final String prefix;

    JobIds(String perlDsn, String user) {
        this.prefix = perlDsn == null ? "" : md5Hex(perlDsn + "|" + (user == null ? "" : user)) + "-";
    }

    JobId of(long jobid) {
        return JobId.of(prefix + jobid);
    }

    /** The jobid of an id this database could have given: a bare jobid, or a handle of this database. */
    OptionalLong jobid(JobId id) {
        String value = id.value();
        int dash = value.lastIndexOf('-');
        if (dash >= 0) {
            if (prefix.isEmpty() || !value.substring(0, dash + 1).equals(prefix)) {
                return OptionalLong.empty(); // a handle of another database
            }
            value = value.substring(dash + 1);
        }
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The jobid of an id this backend gave (a lease's). */
    long known(JobId id) {
        return jobid(id)
                .orElseThrow(() -> new IllegalArgumentException("job id " + id + " is not a TheSchwartz job "
                        + "id of this database (a jobid, or with errand.theschwartz.perlDsn a Perl handle string)"));
    }

    private static String md5Hex(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by the Java platform", e);
        }
    }
}
