package dev.errand.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates for TLS tests against servers the test run starts itself (Redis,
 * PostgreSQL), made with the JDK's own {@code keytool}, so no OpenSSL command and no extra library
 * is needed. Each certificate names {@code 127.0.0.1} and {@code localhost}, so full hostname
 * verification passes on the loopback address.
 */
public final class TestCertificates {
    private TestCertificates() {}

    /**
     * A key pair with its self-signed certificate.
     *
     * @param certificatePem the certificate, PEM ({@code -----BEGIN CERTIFICATE-----}), e.g. a server's {@code tls-cert-file}
     * @param privateKeyPem  the private key, PKCS#8 PEM, readable by its owner only
     * @param keyStore       both in a PKCS12 key store, protected by {@code password}, e.g. a client certificate
     * @param password       the key store's password
     */
    public record Identity(
            X509Certificate certificate, Path certificatePem, Path privateKeyPem, Path keyStore, String password) {}

    /** A new RSA key pair and certificate for {@code CN=<name>}, valid for two days, written under {@code dir}. */
    public static Identity create(Path dir, String name, String password) {
        Path keyStore = dir.resolve(name + ".p12");
        keytool(
                "-genkeypair",
                "-alias",
                name,
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-sigalg",
                "SHA256withRSA",
                "-dname",
                "CN=" + name,
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                password,
                "-keypass",
                password);
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            X509Certificate certificate = (X509Certificate) ks.getCertificate(name);
            Key key = ks.getKey(name, password.toCharArray());
            Path certificatePem = pem(dir.resolve(name + ".crt"), "CERTIFICATE", certificate.getEncoded());
            Path keyPem = pem(dir.resolve(name + ".key"), "PRIVATE KEY", key.getEncoded());
            try {
                Files.setPosixFilePermissions(keyPem, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: servers there do not check the key file's mode
            }
            return new Identity(certificate, certificatePem, keyPem, keyStore, password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the key store keytool wrote: " + keyStore, e);
        }
    }

    /** A PKCS12 trust store holding exactly these certificates, protected by {@code password}. */
    public static Path trustStore(Path file, String password, X509Certificate... certificates) {
        try (OutputStream out = Files.newOutputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (int i = 0; i < certificates.length; i++) {
                ks.setCertificateEntry("trusted-" + i, certificates[i]);
            }
            ks.store(out, password.toCharArray());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write trust store " + file, e);
        }
    }

    /** These certificates in one PEM file, e.g. a server's CA file ({@code tls-ca-cert-file}, {@code sslrootcert}). */
    public static Path bundle(Path file, X509Certificate... certificates) {
        StringBuilder text = new StringBuilder();
        try {
            for (X509Certificate c : certificates) {
                text.append(pemText("CERTIFICATE", c.getEncoded()));
            }
            Files.writeString(file, text, StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
    }

    private static Path pem(Path file, String type, byte[] der) throws IOException {
        Files.writeString(file, pemText(type, der), StandardCharsets.US_ASCII);
        return file;
    }

    private static String pemText(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool failed: " + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool from " + System.getProperty("java.home"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
