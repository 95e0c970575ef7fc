package dev.errand.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:bookmarks;DB_CLOSE_DELAY=-1")
class BookmarkApplicationTest {
    @Autowired
    TestRestTemplate http;

    @Test
    void postingABookmark_returnsAtOnce_andTheJobsFillInTitleAndCategory() {
        ResponseEntity<Map> added =
                http.postForEntity("/bookmarks?url={url}", null, Map.class, "https://news.example.org/today");
        assertThat(added.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        long id = ((Number) added.getBody().get("id")).longValue();

        await("title and category of bookmark " + id)
                .atMost(Duration.ofSeconds(20))
                .until(() -> {
                    Bookmark b = http.getForObject("/bookmarks/{id}", Bookmark.class, id);
                    return b.category() != null;
                });
        Bookmark done = http.getForObject("/bookmarks/{id}", Bookmark.class, id);
        assertThat(done.title()).isEqualTo("Home of news.example.org");
        assertThat(done.category()).isEqualTo("news");

        Map<?, ?> health = http.getForObject("/actuator/health", Map.class);
        assertThat(health.get("status")).isEqualTo("UP");
        assertThat(http.getForObject("/actuator/errand", Map.class)).containsEntry("backend", "jdbc");
    }

    @Test
    void aUrlThatIsNotHttp_isRefused() {
        ResponseEntity<String> refused = http.postForEntity("/bookmarks?url={url}", null, String.class, "ftp://x");
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }
}
