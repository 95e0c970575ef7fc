package dev.errand.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.palantir.javapoet.ClassName;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeneratedNamesTest {

    @ParameterizedTest
    @CsvSource({
        "fetchSummary, FETCH_SUMMARY",
        "ping, PING",
        "getURL, GET_URL",
        "parseHTTPResponse, PARSE_HTTP_RESPONSE",
        "sha256Sum, SHA256_SUM",
        "mail.sendBulk, MAIL_SEND_BULK",
        "BookmarkService.fetchSummary, BOOKMARK_SERVICE_FETCH_SUMMARY",
        "already_snake, ALREADY_SNAKE",
        "jobs:v2-import, JOBS_V2_IMPORT",
    })
    void upperSnake_splitsWordsAndReplacesPunctuation(String name, String constant) {
        assertThat(GeneratedNames.upperSnake(name)).isEqualTo(constant);
    }

    @Test
    void constantNames_useJobNamesForCollidingMethods_andSuffixesWhatStillCollides() {
        List<String> constants = GeneratedNames.constantNames(
                List.of("send", "send", "ping", "ping", "ping"),
                List.of("mail.send", "mail.sendLater", "Svc.ping", "svc.ping", "svc:ping"));

        assertThat(constants).containsExactly("MAIL_SEND", "MAIL_SEND_LATER", "SVC_PING", "SVC_PING_2", "SVC_PING_3");
    }

    @Test
    void nestedClasses_joinEnclosingNamesWithUnderscores() {
        ClassName inner = ClassName.get("com.example", "Outer", "Inner");

        assertThat(GeneratedNames.jobsClass(inner)).isEqualTo(ClassName.get("com.example", "Outer_InnerJobs"));
        assertThat(GeneratedNames.dispatcherClass(inner))
                .isEqualTo(ClassName.get("com.example", "Outer_InnerDispatcher"));
    }
}
