package dev.errand.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code errand manager start} with a bad configuration: one clear message naming the key (and
 * the value), exit code 1, and nothing started: no pid file, no manager log, no child.
 */
class BadConfigTest {
    @TempDir
    Path tmp;

    private ManagedSetup memory() {
        return new ManagedSetupWithoutDatabase(tmp).set("errand.backend", "memory");
    }

    @Test
    void unknownWorkerClass_namesTheKeyAndTheClass() {
        assertRefused(
                memory().set("errand.manager.group.work.workers", "com.example.MissingJobs"),
                "errand.manager.group.work.workers names class com.example.MissingJobs, which is not on the class path");
    }

    @Test
    void classWithoutJobMethods_namesTheKeyAndTheClass() {
        assertRefused(
                memory().set("errand.manager.group.work.workers", "dev.errand.cli.jobs.NoJobs"),
                "errand.manager.group.work.workers names class dev.errand.cli.jobs.NoJobs, which has no @Job methods");
    }

    @Test
    void classWithoutANoArgumentConstructor_isRefused() {
        assertRefused(
                memory().set("errand.manager.group.work.workers", "dev.errand.cli.jobs.NeedsArguments"),
                "dev.errand.cli.jobs.NeedsArguments, which has no public no-argument constructor");
    }

    @Test
    void negativeProcesses_namesTheKeyAndTheValue() {
        assertRefused(
                memory().set("errand.manager.group.work.processes", "-1"),
                "invalid value '-1' for errand.manager.group.work.processes",
                "expected an integer from 0 to 1000");
    }

    @Test
    void zeroThreads_andNegativeJobLimit_areRefused() {
        assertRefused(
                memory().set("errand.manager.group.work.threads", "0"),
                "invalid value '0' for errand.manager.group.work.threads");
        assertRefused(
                memory().set("errand.manager.group.work.maxJobsPerChild", "-5"),
                "invalid value '-5' for errand.manager.group.work.maxJobsPerChild");
    }

    @Test
    void badDuration_namesTheKey() {
        assertRefused(
                memory().set("errand.manager.shutdownGrace", "soon"),
                "invalid value 'soon' for errand.manager.shutdownGrace");
    }

    @Test
    void misspeltGroupSetting_isAnUnknownKey() {
        assertRefused(
                memory().set("errand.manager.group.work.proceses", "2"),
                "unknown configuration key errand.manager.group.work.proceses");
    }

    @Test
    void settingsOfAGroupThatIsNotListed_areRefused() {
        assertRefused(
                memory().set("errand.manager.group.mail.processes", "2"),
                "errand.manager.group.mail.processes",
                "configures group 'mail', which is not listed in errand.manager.groups=work");
    }

    @Test
    void noGroups_saysWhatToSet() {
        assertRefused(
                memory().set("errand.manager.groups", null)
                        .set("errand.manager.group.work.workers", null)
                        .set("errand.manager.group.work.processes", null)
                        .set("errand.manager.group.work.threads", null)
                        .set("errand.manager.group.work.jvmOptions", null),
                "no worker groups configured: set errand.manager.groups");
    }

    @Test
    void jvmOptionThatIsNoOption_isRefused() {
        assertRefused(
                memory().set("errand.manager.group.work.jvmOptions", "-Xmx64m 512m"),
                "invalid value '-Xmx64m 512m' for errand.manager.group.work.jvmOptions");
    }

    @Test
    void memoryBackendWithChildProcesses_namesErrandBackend() {
        assertRefused(
                memory(),
                "errand.backend=memory",
                "keeps jobs inside one JVM",
                "group 'work' has errand.manager.group.work.processes=2",
                "set errand.backend to jdbc");
    }

    @Test
    void embeddedH2File_isRefused_pointingAtAutoServer() {
        String url = "jdbc:h2:file:" + tmp.resolve("db/errand");
        assertRefused(
                new ManagedSetupWithoutDatabase(tmp)
                        .set("errand.backend", "jdbc")
                        .set("errand.jdbc.url", url),
                "errand.jdbc.url=" + url,
                "only one process can open",
                "add ;AUTO_SERVER=TRUE");
    }

    private void assertRefused(ManagedSetup setup, String... messageParts) {
        ManagedSetup.Result r = setup.cli("manager", "start");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err())
                .as(r.toString())
                .startsWith("errand manager start: ")
                .contains(messageParts);
        assertThat(r.err().lines().count()).as("one line: " + r.err()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(setup.pidFile()).doesNotExist();
        assertThat(setup.logFile()).doesNotExist();
    }

    /** The same settings, but without a PostgreSQL database (these tests fail before any backend is needed). */
    private static final class ManagedSetupWithoutDatabase extends ManagedSetup {
        ManagedSetupWithoutDatabase(Path dir) {
            super(dir, null);
        }
    }
}
