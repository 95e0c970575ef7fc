package dev.errand.examples.spring;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The application's own table, in the same database (and transactions) as Errand's. */
@Repository
public class BookmarkRepository {
    private static final RowMapper<Bookmark> ROW = (rs, n) ->
            new Bookmark(rs.getLong("id"), rs.getString("url"), rs.getString("title"), rs.getString("category"));

    private final JdbcTemplate jdbc;

    public BookmarkRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public long add(String url) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(
                c -> {
                    var ps = c.prepareStatement("insert into bookmarks(url) values (?)", new String[] {"id"});
                    ps.setString(1, url);
                    return ps;
                },
                key);
        return key.getKey().longValue();
    }

    public Optional<Bookmark> find(long id) {
        return jdbc.query("select * from bookmarks where id = ?", ROW, id).stream()
                .findFirst();
    }

    public List<Bookmark> all() {
        return jdbc.query("select * from bookmarks order by id", ROW);
    }

    public void setTitle(long id, String title) {
        jdbc.update("update bookmarks set title = ? where id = ?", title, id);
    }

    public void setCategory(long id, String category) {
        jdbc.update("update bookmarks set category = ? where id = ?", category, id);
    }
}
