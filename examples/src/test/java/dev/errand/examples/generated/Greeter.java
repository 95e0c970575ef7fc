package dev.errand.examples.generated;

import dev.errand.Job;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

public class Greeter {
    public record Greeting(String text, int length) {}

    public enum Tone {
        PLAIN,
        LOUD
    }

    /** What the void job was given, so a test can see that it ran. */
    public static final List<String> AUDIT = new CopyOnWriteArrayList<>();

    @Job(queue = "greetings")
    public Greeting greet(String name, Tone tone, List<String> titles) {
        String text = "Hello, " + String.join(" ", titles) + " " + name + (tone == Tone.LOUD ? "!" : ".");
        return new Greeting(text, text.length());
    }

    @Job(queue = "greetings", maxAttempts = 1)
    public int countLetters(String... words) {
        int letters = 0;
        for (String word : words) {
            letters += word.length();
        }
        return letters;
    }

    @Job
    public void audit(String entry) {
        AUDIT.add(entry);
    }
}
