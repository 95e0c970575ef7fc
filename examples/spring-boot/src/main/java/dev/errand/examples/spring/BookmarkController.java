package dev.errand.examples.spring;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /bookmarks?url=...} stores the bookmark and enqueues its title job in one transaction, and returns at
 * once: if the insert rolls back, no job is left behind, and no job runs for a bookmark that is not there.
 */
@RestController
public class BookmarkController {
    private final BookmarkRepository bookmarks;
    private final BookmarkEnricherJobs jobs;

    public BookmarkController(BookmarkRepository bookmarks, BookmarkEnricherJobs jobs) {
        this.bookmarks = bookmarks;
        this.jobs = jobs;
    }

    @PostMapping("/bookmarks")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Transactional
    public Map<String, Object> add(@RequestParam String url) {
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "url must start with http:// or https://");
        }
        long id = bookmarks.add(url);
        String job = jobs.fetchTitle(id).enqueue().value();
        return Map.of("id", id, "job", job);
    }

    @GetMapping("/bookmarks")
    public List<Bookmark> all() {
        return bookmarks.all();
    }

    @GetMapping("/bookmarks/{id}")
    public Bookmark one(@PathVariable long id) {
        return bookmarks
                .find(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no bookmark " + id));
    }
}
