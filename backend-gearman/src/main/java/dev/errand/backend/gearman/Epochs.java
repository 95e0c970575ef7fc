package dev.errand.backend.gearman;

import dev.errand.backend.gearman.protocol.Packet;
import dev.errand.backend.gearman.protocol.PacketType;
import dev.errand.spi.NewJob;
import java.nio.charset.StandardCharsets;

/**
 * Jobs with a run time ({@code delay()}, {@code runAt()}) as {@code SUBMIT_JOB_EPOCH} (ADAPTERS.md §2.3), when
 * {@code errand.gearman.epoch=true}: gearmand keeps them until that second. It has the packet for background jobs of
 * normal priority only, so anything else is refused, naming the job and what to do.
 */
final class Epochs {
    private Epochs() {}

    static Packet packet(NewJob job, boolean foreground, GearmanSettings settings, byte[] function, byte[] unique) {
        if (!settings.epoch()) { // Errand refuses it before (SCHEDULING is not declared): a caller of the SPI may not
            throw refused(job, "a run time", "set errand.gearman.epoch=true, or enqueue it when it should run");
        }
        if (foreground) {
            throw refused(
                    job,
                    "submit() or call() with a run time",
                    "gearmand holds only background jobs until their time: enqueue() it");
        }
        if (job.priority() >= settings.priorityHigh() || job.priority() <= settings.priorityLow()) {
            throw refused(
                    job,
                    "priority(" + job.priority() + ") with a run time",
                    "gearmand's SUBMIT_JOB_EPOCH has no priority: leave out the priority or the delay");
        }
        long epoch = job.runAt().getEpochSecond() + (job.runAt().getNano() > 0 ? 1 : 0); // never before its time
        return Packet.of(
                PacketType.SUBMIT_JOB_EPOCH,
                function,
                unique,
                Long.toString(epoch).getBytes(StandardCharsets.US_ASCII),
                job.payload());
    }

    private static UnsupportedOperationException refused(NewJob job, String option, String instead) {
        return new UnsupportedOperationException(
                "job " + job.name() + ": " + option + " is not supported by the gearman backend; " + instead);
    }
}
