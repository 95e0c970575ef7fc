package dev.errand.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.errand.Errand;
import dev.errand.spi.Capability;
import dev.errand.spi.QueueStats;
import dev.errand.testservers.PostgresServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * With {@code errand.backend=jdbc} and no {@code errand.jdbc.url}, Errand runs on the application's DataSource and a
 * plain {@code enqueue()} in a {@code @Transactional} method commits or rolls back with the method's own writes.
 */
class TransactionalEnqueueTest {

    @Test
    void onH2_aRolledBackSignUpLeavesNoJob_andACommittedOneRunsItsJob() {
        check(runner().withPropertyValues("spring.datasource.url=jdbc:h2:mem:signups;DB_CLOSE_DELAY=-1"));
    }

    @Test
    void onPostgres_aRolledBackSignUpLeavesNoJob_andACommittedOneRunsItsJob() {
        PostgresServer server = PostgresServer.shared();
        String url = server.newDatabase("spring_signups");
        check(runner().withPropertyValues(
                        "spring.datasource.url=" + url,
                        "spring.datasource.username=" + PostgresServer.USER,
                        "spring.datasource.password=" + PostgresServer.PASSWORD));
    }

    @Test
    void anErrandJdbcUrl_meansErrandsOwnPool_notTheApplicationsDataSource() {
        runner().withPropertyValues(
                        "spring.datasource.url=jdbc:h2:mem:app;DB_CLOSE_DELAY=-1",
                        "errand.jdbc.url=jdbc:h2:mem:errand_own;DB_CLOSE_DELAY=-1")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Errand errand = context.getBean(Errand.class);
                    assertThat(errand.backend().connectionPool())
                            .as("a pool Errand opened itself")
                            .isPresent();
                });
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anApplicationPoolTooSmallForTheWorker_isReported_namingBothKeys(CapturedOutput output) {
        runner().withPropertyValues(
                        "spring.datasource.url=jdbc:h2:mem:small;DB_CLOSE_DELAY=-1",
                        "errand.worker.threads=8",
                        "spring.datasource.hikari.maximum-pool-size=5")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(output)
                            .contains("the application's connection pool has 5 connections (spring.datasource."
                                    + "hikari.maximum-pool-size) but an Errand worker of 8 threads (errand.worker.threads) needs 12 "
                                    + "besides the application's own");
                });
    }

    private static ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        DataSourceAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class,
                        TransactionAutoConfiguration.class,
                        JdbcTemplateAutoConfiguration.class,
                        ErrandAutoConfiguration.class))
                .withUserConfiguration(SignupConfiguration.class)
                .withPropertyValues("errand.backend=jdbc", "errand.worker.threads=2");
    }

    private static void check(ApplicationContextRunner runner) {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            Errand errand = context.getBean(Errand.class);
            assertThat(errand.backend().capabilities()).contains(Capability.TRANSACTIONAL_ENQUEUE);
            assertThat(errand.backend().connectionPool())
                    .as("no pool of Errand's own")
                    .isEmpty();
            Signups signups = context.getBean(Signups.class);
            Greetings greetings = context.getBean(Greetings.class);

            assertThatThrownBy(() -> signups.signUp("Ann", true)).hasMessage("sign-up of Ann refused");
            assertThat(signups.members())
                    .as("members after the refused sign-up")
                    .isZero();
            assertThat(errand.backend().queueStats())
                    .as("queues after the refused sign-up")
                    .isEmpty();

            signups.signUp("Ben", false);
            await("Ben's greeting, enqueued in the committed transaction")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> greetings.lines().contains("hello Ben"));
            assertThat(signups.members()).isEqualTo(1);
            assertThat(greetings.lines())
                    .as("greetings: Ann's job rolled back with her sign-up")
                    .containsExactly("hello Ben");
            assertThat(errand.backend().queueStats().stream()
                            .mapToLong(QueueStats::total)
                            .sum())
                    .isZero();
        });
    }

    @Configuration(proxyBeanMethods = false)
    @Import(GreeterConfiguration.class)
    static class SignupConfiguration {
        @Bean
        Signups signups(JdbcTemplate jdbc, GreeterJobs jobs) {
            jdbc.execute("create table members (name varchar(100) primary key)");
            return new Signups(jdbc, jobs);
        }
    }
}
