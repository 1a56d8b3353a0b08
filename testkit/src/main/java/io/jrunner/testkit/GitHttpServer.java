// SPDX-License-Identifier: Apache-2.0
package io.jrunner.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A git server over smart HTTP for tests: the JDK's HTTP server in front of {@code git
 * http-backend} (CGI), serving the bare repositories under a directory as {@code
 * http://127.0.0.1:<port>/<owner>/<repo>.git}, as a forge serves action repositories. Repositories
 * are made with {@link #createRepository}. Optionally requires a password (any user name), as
 * Forgejo does with a task token. Needs {@code git} (with {@code git-http-backend}) on the PATH.
 *
 * <p>Threading: thread-safe; requests are served on virtual threads.
 */
public final class GitHttpServer implements AutoCloseable {
  private final Path root;
  private final HttpServer server;
  private final AtomicReference<String> password = new AtomicReference<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private GitHttpServer(Path root, HttpServer server) {
    this.root = root;
    this.server = server;
  }

  /** Starts a server on a free loopback port, serving the repositories under {@code root}. */
  public static GitHttpServer start(Path root) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    GitHttpServer git = new GitHttpServer(root, http);
    http.createContext("/", git::handle);
    http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    http.start();
    return git;
  }

  /** {@code http://127.0.0.1:<port>}, the base of every repository URL. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** From now on every request needs HTTP basic auth with this password; null turns it off. */
  public void requirePassword(String value) {
    password.set(value);
  }

  /** The paths requested so far (e.g. {@code /o/r.git/info/refs}), in order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /**
   * Creates (or adds a commit to) the bare repository {@code <owner/name>.git} with {@code files}
   * (path to content; a path ending in {@code .sh} is made executable), and points {@code tags} at
   * the new commit.
   *
   * @return the new commit's id
   */
  public String createRepository(String ownerAndName, Map<String, String> files, String... tags)
      throws IOException, InterruptedException {
    return commit(ownerAndName, files, "refs/heads/main", tags);
  }

  /**
   * Adds a commit with {@code files} on top of {@code main} of an existing repository and points
   * only {@code ref} at it (e.g. {@code refs/pull/1/head}, as Forgejo keeps a pull request's head).
   *
   * @return the new commit's id
   */
  public String createRef(String ownerAndName, Map<String, String> files, String ref)
      throws IOException, InterruptedException {
    return commit(ownerAndName, files, ref);
  }

  private String commit(String ownerAndName, Map<String, String> files, String ref, String... tags)
      throws IOException, InterruptedException {
    Path bare = root.resolve(ownerAndName + ".git");
    Path work = Files.createTempDirectory("git-work-");
    if (!Files.exists(bare)) {
      Files.createDirectories(bare);
      git(bare, "init", "--bare", "-q", "-b", "main");
      git(work, "init", "-q", "-b", "main");
    } else {
      git(work.getParent(), "clone", "-q", bare.toString(), work.toString());
    }
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path file = work.resolve(f.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
      if (f.getKey().endsWith(".sh")) {
        file.toFile().setExecutable(true, false);
      }
    }
    git(work, "add", "-A");
    git(
        work,
        "-c",
        "user.name=test",
        "-c",
        "user.email=test@example.invalid",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "update");
    String commit = git(work, "rev-parse", "HEAD").strip();
    git(work, "push", "-q", bare.toString(), "HEAD:" + ref);
    for (String tag : tags) {
      git(work, "push", "-q", "-f", bare.toString(), "HEAD:refs/tags/" + tag);
    }
    return commit;
  }

  private static String git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("git " + String.join(" ", args) + " failed: " + out);
    }
    return out;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.add(exchange.getRequestURI().getPath());
      String required = password.get();
      if (required != null && !authorized(exchange, required)) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      serve(exchange, root);
    }
  }

  /** The password of the request's HTTP basic auth, if any. */
  static Optional<String> password(HttpExchange exchange) {
    return header(exchange, "Authorization")
        .filter(v -> v.startsWith("Basic "))
        .map(v -> new String(Base64.getDecoder().decode(v.substring(6)), StandardCharsets.UTF_8))
        .map(v -> v.substring(v.indexOf(':') + 1));
  }

  /** Answers a smart HTTP request with {@code git http-backend} over the repositories in root. */
  static void serve(HttpExchange exchange, Path root) throws IOException {
    try {
      ProcessBuilder pb = new ProcessBuilder("git", "http-backend");
      Map<String, String> env = pb.environment();
      env.put("GIT_PROJECT_ROOT", root.toString());
      env.put("GIT_HTTP_EXPORT_ALL", "1");
      env.put("GATEWAY_INTERFACE", "CGI/1.1");
      env.put("SERVER_PROTOCOL", "HTTP/1.1");
      env.put("REQUEST_METHOD", exchange.getRequestMethod());
      env.put("PATH_INFO", exchange.getRequestURI().getPath());
      env.put(
          "QUERY_STRING", Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse(""));
      env.put("REMOTE_ADDR", "127.0.0.1");
      header(exchange, "Content-Type").ifPresent(v -> env.put("CONTENT_TYPE", v));
      header(exchange, "Content-Encoding").ifPresent(v -> env.put("HTTP_CONTENT_ENCODING", v));
      header(exchange, "Git-Protocol").ifPresent(v -> env.put("GIT_PROTOCOL", v));
      byte[] body = exchange.getRequestBody().readAllBytes();
      env.put("CONTENT_LENGTH", Integer.toString(body.length));
      Process cgi = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
      Thread.ofVirtual()
          .start(
              () -> {
                try (OutputStream in = cgi.getOutputStream()) {
                  in.write(body);
                } catch (IOException e) {
                  // the backend stopped reading: its answer says why
                }
              });
      respond(exchange, cgi.getInputStream());
      cgi.waitFor(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean authorized(HttpExchange exchange, String required) {
    return header(exchange, "Authorization")
        .filter(v -> v.startsWith("Basic "))
        .map(v -> new String(Base64.getDecoder().decode(v.substring(6)), StandardCharsets.UTF_8))
        .map(v -> v.substring(v.indexOf(':') + 1).equals(required))
        .orElse(false);
  }

  private static Optional<String> header(HttpExchange exchange, String name) {
    return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
  }

  /** Copies the CGI answer: header lines up to a blank line, then the body. */
  private static void respond(HttpExchange exchange, InputStream out) throws IOException {
    int status = 200;
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = out.read()) != -1) {
      if (b == '\n') {
        String header = line.toString(StandardCharsets.UTF_8).strip();
        line.reset();
        if (header.isEmpty()) {
          break;
        }
        int colon = header.indexOf(':');
        String name = header.substring(0, colon).strip();
        String value = header.substring(colon + 1).strip();
        if (name.equalsIgnoreCase("Status")) {
          status = Integer.parseInt(value.split(" ")[0]);
        } else {
          exchange.getResponseHeaders().add(name, value);
        }
      } else {
        line.write(b);
      }
    }
    exchange.sendResponseHeaders(status, 0);
    try (OutputStream body = exchange.getResponseBody()) {
      out.transferTo(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
