package com.example;

import dev.errand.Job;
import java.util.List;

public class MailService {
    @Job(name = "mail.send")
    public void send(String to) {
    }

    @Job(name = "mail.sendWithSubject")
    public void send(String to, String subject) {
    }

    @Job(name = "mail.forward")
    public void forward(String errand, List<String> recipients) {
    }

    @Job(name = "mail.broadcast")
    @SafeVarargs
    public final int broadcast(List<String>... groups) {
        return groups.length;
    }
}
