// SPDX-License-Identifier: Apache-2.0
package io.jrunner.testkit;

import com.google.protobuf.Message;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jrunner.proto.ping.v1.PingRequest;
import io.jrunner.proto.ping.v1.PingResponse;
import io.jrunner.proto.runner.v1.DeclareRequest;
import io.jrunner.proto.runner.v1.DeclareResponse;
import io.jrunner.proto.runner.v1.FetchTaskRequest;
import io.jrunner.proto.runner.v1.RegisterRequest;
import io.jrunner.proto.runner.v1.RegisterResponse;
import io.jrunner.proto.runner.v1.UpdateLogRequest;
import io.jrunner.proto.runner.v1.UpdateLogResponse;
import io.jrunner.proto.runner.v1.UpdateTaskRequest;
import io.jrunner.testkit.Views.RunnerView;
import io.jrunner.testkit.Views.TaskView;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A fake Forgejo instance on loopback that speaks the real Connect protocol (binary and JSON, gzip,
 * Connect errors) with Forgejo's semantics (protocol.md §3, §4), and records every call so tests
 * assert on what the server saw.
 *
 * <p>Thread-safe: one lock guards the state; the HTTP server handles each request on a virtual
 * thread. Close it to free the port.
 */
public final class FakeForgejoServer implements AutoCloseable {
  static final String PREFIX = "/api/actions/";
  static final String RUNNER = "runner.v1.RunnerService/";

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Clock clock;
  private final ForgejoState state;
  private final List<RecordedCall> calls = new ArrayList<>();
  private final Map<String, Deque<Fault>> faults = new HashMap<>();
  private final Set<String> lockedKeys = new HashSet<>();
  private final Map<Long, Long> answeredAcks = new HashMap<>();
  private final List<MatchingFault> matching = new ArrayList<>();
  private final Map<String, Long> apiIds = new HashMap<>();
  private final String apiToken = randomHex();
  private boolean legacyAuthErrors;
  private boolean declareImplemented = true;
  private HttpServer http;
  private static final java.util.regex.Pattern GIT_PATH =
      java.util.regex.Pattern.compile("^/([^/]+/[^/]+)\\.git/.*$");
  private Path gitRoot;
  private GitHttpServer gitServer;
  private final java.util.Set<String> privateRepositories = new java.util.HashSet<>();
  private int port;

  private FakeForgejoServer(Clock clock, String registrationToken) {
    this.clock = clock;
    this.state = new ForgejoState(clock, registrationToken);
  }

  /** Starts on a free loopback port with a random registration token. */
  public static FakeForgejoServer start() throws IOException {
    return start(0, null, Clock.systemUTC());
  }

  /**
   * @param port 0 for any free port
   * @param registrationToken the initial registration token, or null for a random one
   */
  public static FakeForgejoServer start(int port, String registrationToken, Clock clock)
      throws IOException {
    String token =
        registrationToken != null
            ? registrationToken
            : java.util.HexFormat.of().formatHex(java.security.SecureRandom.getSeed(20));
    FakeForgejoServer server = new FakeForgejoServer(clock, token);
    server.listen(port);
    return server;
  }

  private void listen(int wanted) throws IOException {
    HttpServer s =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 64);
    s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    s.createContext("/", this::handle);
    s.start();
    lock.lock();
    try {
      http = s;
      port = s.getAddress().getPort();
      state.serverUrl(url());
    } finally {
      lock.unlock();
    }
  }

  /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Stops answering: connections are refused until {@link #restart()}. State is kept. */
  public void stop() {
    lock.lock();
    try {
      if (http != null) {
        http.stop(0);
        http = null;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Listens again on the same port after {@link #stop()}. */
  public void restart() throws IOException {
    listen(port);
  }

  @Override
  public void close() {
    stop();
    lock.lock();
    try {
      if (gitServer != null) {
        gitServer.close();
        try (java.util.stream.Stream<Path> walk = Files.walk(gitRoot)) {
          for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        } catch (IOException e) {
          // a temp directory: the OS removes it in the end
        }
      }
    } finally {
      lock.unlock();
    }
  }

  // ---- configuration and scripting ---------------------------------------------------------

  public String registrationToken() {
    return locked(state::activeRegistrationToken);
  }

  /** Makes a new registration token; the old one answers "invalidated". */
  public String rotateRegistrationToken() {
    return locked(state::rotateRegistrationToken);
  }

  /**
   * Registers a runner directly (as a Register call with the current token would) and returns it
   * with its uuid and token, for tests that start from a registered runner.
   */
  public io.jrunner.proto.runner.v1.Runner registerRunner(String name, List<String> labels) {
    lock.lock();
    try {
      return state.register(name, state.activeRegistrationToken(), "test", labels, false);
    } catch (ConnectError e) {
      throw new IllegalStateException(e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Creates a runner as Forgejo's API ({@code POST /api/v1/.../actions/runners}) or {@code
   * forgejo-cli} would, optionally ephemeral (Forgejo 15: one task, then deleted); its labels come
   * with Declare.
   */
  public io.jrunner.proto.runner.v1.Runner registerRunner(
      String name, List<String> labels, boolean ephemeral) {
    lock.lock();
    try {
      return state.register(name, state.activeRegistrationToken(), "", labels, ephemeral);
    } catch (ConnectError e) {
      throw new IllegalStateException(e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The access token of the instance's user {@code jr} (a site admin who owns {@code jr/*}) for the
   * REST API ({@code Authorization: token <it>}).
   */
  public String apiToken() {
    return apiToken;
  }

  /** Offline registration as {@code forgejo-cli actions register --secret}. */
  public RunnerView preRegister(String secret, String name, List<String> labels) {
    return locked(() -> state.preRegister(secret, name, labels));
  }

  /** Answer auth failures as Forgejo ≤ v10 did: {@code unknown}, HTTP 500. */
  public void legacyAuthErrors(boolean on) {
    locked(() -> legacyAuthErrors = on);
  }

  /** With false, Declare answers 404 like servers before 1.21. */
  public void declareImplemented(boolean on) {
    locked(() -> declareImplemented = on);
  }

  /** Queues a job and bumps the tasks version. */
  public void enqueueJob(FakeJob job) {
    locked(
        () -> {
          state.enqueue(job);
          changed.signalAll();
        });
  }

  /**
   * Deletes a runner, as an admin does in the web UI: every later call with its credentials is
   * refused with {@code unauthenticated} "unregistered runner". Its tasks stay as they are (a
   * running one is reaped as a zombie later, {@link #reapZombies}).
   */
  public void revokeRunner(String uuid) {
    locked(() -> state.deleteRunner(uuid));
  }

  /** Marks a task cancelled server-side (a user pressed Cancel). */
  public void cancelTask(long taskId) {
    locked(() -> state.cancel(taskId));
  }

  /** Stops, as failed, running tasks whose last update is older than {@code timeout}. */
  public List<Long> reapZombies(Duration timeout) {
    return locked(() -> state.reapZombies(timeout));
  }

  /** The next {@code times} calls of {@code method} meet {@code fault}. */
  public void failNext(String method, int times, Fault fault) {
    locked(
        () -> {
          Deque<Fault> q = faults.computeIfAbsent(method, k -> new ArrayDeque<>());
          for (int i = 0; i < times; i++) {
            q.add(fault);
          }
        });
  }

  /**
   * The next call of {@code method} whose decoded request matches {@code when} meets {@code fault},
   * once (calls that met a {@link #failNext} fault do not count). Only faults that act once the
   * request is read: {@link Fault.DropResponse}, {@link Fault.ResetMidResponse}, {@link
   * Fault.RestartBeforeAnswer}, {@link Fault.AckShift}, {@link Fault.RepeatAck}.
   */
  public void failWhen(String method, Predicate<Message> when, Fault fault) {
    if (fault instanceof Fault.Delay
        || fault instanceof Fault.HttpStatus
        || fault instanceof Fault.ConnectError) {
      throw new IllegalArgumentException("use failNext for " + fault);
    }
    locked(() -> matching.add(new MatchingFault(method, when, fault)));
  }

  /** Drops every fault still queued by {@link #failNext} or {@link #failWhen}. */
  public void clearFaults() {
    locked(
        () -> {
          faults.clear();
          matching.clear();
        });
  }

  /** Faults queued by {@link #failNext} and {@link #failWhen} that no call has met yet. */
  public int pendingFaults() {
    return locked(() -> faults.values().stream().mapToInt(Deque::size).sum() + matching.size());
  }

  private record MatchingFault(String method, Predicate<Message> when, Fault fault) {}

  private Fault matchingFault(String method, Message request) {
    return locked(
        () -> {
          for (java.util.Iterator<MatchingFault> it = matching.iterator(); it.hasNext(); ) {
            MatchingFault m = it.next();
            if (m.method().equals(method) && m.when().test(request)) {
              it.remove();
              return m.fault();
            }
          }
          return null;
        });
  }

  // ---- views --------------------------------------------------------------------------------

  public List<RecordedCall> calls() {
    return locked(() -> List.copyOf(calls));
  }

  public List<RecordedCall> calls(String method) {
    return locked(() -> calls.stream().filter(c -> c.method().equals(method)).toList());
  }

  public List<RunnerView> runners() {
    return locked(state::runners);
  }

  public TaskView task(long id) {
    return locked(() -> state.task(id));
  }

  public List<TaskView> tasks() {
    return locked(state::tasks);
  }

  public long tasksVersion() {
    return locked(state::tasksVersion);
  }

  public int waitingJobs() {
    return locked(state::waitingJobs);
  }

  /**
   * Waits until a call of {@code method} matching {@code filter} has been answered.
   *
   * @throws AssertionError when none arrives in time
   */
  public RecordedCall awaitCall(String method, Predicate<RecordedCall> filter, Duration timeout)
      throws InterruptedException {
    return await(
        () ->
            calls.stream()
                .filter(c -> c.method().equals(method) && filter.test(c))
                .findFirst()
                .orElse(null),
        timeout,
        "no " + method + " call matched");
  }

  /** Waits until task {@code id} has a final result and an archived log. */
  public TaskView awaitTaskDone(long id, Duration timeout) throws InterruptedException {
    return await(
        () -> {
          TaskView t = state.task(id);
          return t != null && t.done() && t.archived() ? t : null;
        },
        timeout,
        "task " + id + " did not finish");
  }

  /** Waits until some task exists; returns the first. */
  public TaskView awaitTask(Duration timeout) throws InterruptedException {
    return await(
        () -> state.tasks().stream().findFirst().orElse(null), timeout, "no task was assigned");
  }

  private <T> T await(java.util.function.Supplier<T> probe, Duration timeout, String failure)
      throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (true) {
        T found = probe.get();
        if (found != null) {
          return found;
        }
        if (nanos <= 0) {
          throw new AssertionError(failure + " within " + timeout);
        }
        nanos = changed.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }

  // ---- HTTP --------------------------------------------------------------------------------

  /**
   * Creates (or adds a commit to) the repository {@code owner/name} of this instance, served over
   * git smart HTTP at {@code <url>/owner/name.git} as Forgejo serves it: a public repository to
   * anyone, a private one only with HTTP basic auth whose password is the token of a running task
   * of that repository (Forgejo's task token). Needs {@code git} on the PATH.
   *
   * @return the new commit's id
   */
  public String createRepository(
      String ownerAndName, Map<String, String> files, boolean isPrivate, String... tags)
      throws IOException, InterruptedException {
    Path root;
    lock.lock();
    try {
      if (gitRoot == null) {
        gitRoot = Files.createTempDirectory("fake-forgejo-git-");
        gitServer = GitHttpServer.start(gitRoot);
      }
      root = gitRoot;
      if (isPrivate) {
        privateRepositories.add(ownerAndName);
      } else {
        privateRepositories.remove(ownerAndName);
      }
    } finally {
      lock.unlock();
    }
    java.util.Objects.requireNonNull(root);
    return gitServer.createRepository(ownerAndName, files, tags);
  }

  /**
   * Adds a commit to an existing repository of this instance that only {@code ref} points at (a
   * pull request's {@code refs/pull/N/head}).
   *
   * @return the new commit's id
   */
  public String createRef(String ownerAndName, Map<String, String> files, String ref)
      throws IOException, InterruptedException {
    GitHttpServer git = locked(() -> gitServer);
    if (git == null) {
      throw new IllegalStateException("create the repository first");
    }
    return git.createRef(ownerAndName, files, ref);
  }

  /** Git requests: {@code /owner/name.git/...}, with Forgejo's access rule. */
  private void serveGit(HttpExchange exchange, String repository) throws IOException {
    boolean allowed =
        locked(
            () ->
                !privateRepositories.contains(repository)
                    || GitHttpServer.password(exchange)
                        .map(token -> state.tokenCanRead(token, repository))
                        .orElse(false));
    if (!allowed) {
      exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"Gitea\"");
      HttpIo.plain(exchange, 401, "Unauthorized\n");
      return;
    }
    GitHttpServer.serve(exchange, gitRoot);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      java.util.regex.Matcher git = GIT_PATH.matcher(path);
      if (git.matches() && locked(() -> gitRoot != null)) {
        serveGit(exchange, git.group(1));
        return;
      }
      if (path.startsWith(RunnerJobsApi.PREFIX)) {
        serveApi(exchange, path);
        return;
      }
      if (!path.startsWith(PREFIX)) {
        HttpIo.plain(exchange, 404, "404 page not found\n");
        return;
      }
      String procedure = path.substring(PREFIX.length());
      String method = procedure.substring(procedure.indexOf('/') + 1);
      boolean known =
          procedure.equals("ping.v1.PingService/Ping")
              || (procedure.startsWith(RUNNER)
                  && Set.of(
                          "Register",
                          "Declare",
                          "FetchTask",
                          "FetchSingleTask",
                          "UpdateTask",
                          "UpdateLog")
                      .contains(method));
      if (!known || (method.equals("Declare") && !locked(() -> declareImplemented))) {
        record(exchange, method, null, 404, null);
        HttpIo.plain(exchange, 404, "404 page not found\n");
        return;
      }
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "POST");
        HttpIo.plain(exchange, 405, "method not allowed\n");
        return;
      }
      serve(exchange, method);
    }
  }

  /** The REST job queue KEDA polls ({@link RunnerJobsApi}); a token is required. */
  private void serveApi(HttpExchange exchange, String path) throws IOException {
    java.util.Optional<RunnerJobsApi.Scope> scope = RunnerJobsApi.scope(path, "jr");
    if (scope.isEmpty()) {
      record(exchange, "REST", null, 404, null);
      HttpIo.json(exchange, 404, "{\"message\":\"The target couldn't be found.\",\"errors\":[]}");
      return;
    }
    if (!exchange.getRequestMethod().equals("GET")) {
      record(exchange, "REST", null, 405, null);
      HttpIo.json(exchange, 405, "{\"message\":\"method not allowed\"}");
      return;
    }
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    String given =
        auth == null
            ? null
            : auth.regionMatches(true, 0, "token ", 0, 6)
                ? auth.substring(6).strip()
                : auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip() : null;
    if (given == null
        || !java.security.MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), apiToken.getBytes(StandardCharsets.UTF_8))) {
      record(exchange, "REST", null, 401, null);
      HttpIo.json(exchange, 401, "{\"message\":\"token is required\",\"url\":\"\"}");
      return;
    }
    List<String> labels = RunnerJobsApi.labels(exchange.getRequestURI().getRawQuery());
    String body = locked(() -> RunnerJobsApi.answer(scope.get(), labels, state.waiting(), apiIds));
    record(exchange, "REST", null, 200, null);
    HttpIo.json(exchange, 200, body);
  }

  private void serve(HttpExchange exchange, String method) throws IOException {
    Headers h = exchange.getRequestHeaders();
    WireCodec codec = WireCodec.of(h.getFirst("Content-Type"));
    Message request = null;
    Fault fault = nextFault(method);
    try {
      if (fault instanceof Fault.Delay d) {
        Thread.sleep(d.delay().toMillis());
      }
      if (fault instanceof Fault.HttpStatus s) {
        record(exchange, method, null, s.status(), null);
        byte[] body = s.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", s.contentType());
        HttpIo.send(exchange, s.status(), body);
        return;
      }
      if (fault instanceof Fault.ConnectError e) {
        throw new ConnectError(e.code(), e.message());
      }
      if (codec == null) {
        record(exchange, method, null, 415, null);
        HttpIo.plain(exchange, 415, "unsupported content type\n");
        return;
      }
      String version = h.getFirst("Connect-Protocol-Version");
      if (version != null && !version.equals("1")) {
        throw new ConnectError(
            "invalid_argument", "connect-protocol-version must be \"1\": got \"" + version + "\"");
      }
      byte[] body = HttpIo.readBody(exchange);
      request = HttpIo.decode(method, codec, body);
      if (fault == null) {
        fault = matchingFault(method, request);
      }
      if (fault instanceof Fault.RestartBeforeAnswer) {
        record(exchange, method, request, 0, null);
        stop(); // closes every connection, this one too
        listen(port);
        throw new DroppedResponse();
      }
      Message response = dispatch(method, request, h);
      if (response instanceof UpdateLogResponse log) {
        response = answeredAck(fault, ((UpdateLogRequest) request).getTaskId(), log);
      }
      if (fault instanceof Fault.DropResponse) {
        record(exchange, method, request, 0, null);
        throw new DroppedResponse();
      }
      byte[] out = codec.encode(response);
      String accept = h.getFirst("Accept-Encoding");
      boolean gzip =
          accept != null
              && accept.toLowerCase(Locale.ROOT).contains("gzip")
              && (method.equals("Ping") || out.length >= 1024);
      exchange.getResponseHeaders().set("Content-Type", codec.contentType);
      exchange.getResponseHeaders().set("Accept-Encoding", "gzip");
      if (gzip) {
        exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        out = WireCodec.gzip(out);
      }
      if (fault instanceof Fault.ResetMidResponse) {
        record(exchange, method, request, 0, null);
        HttpIo.sendHalf(exchange, out);
        throw new DroppedResponse();
      }
      record(exchange, method, request, 200, null);
      HttpIo.send(exchange, 200, out);
    } catch (ConnectError e) {
      record(exchange, method, request, ConnectError.httpStatus(e.code), e.code);
      byte[] body =
          ("{\"code\":\"" + e.code + "\",\"message\":\"" + HttpIo.json(e.getMessage()) + "\"}")
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      HttpIo.send(exchange, ConnectError.httpStatus(e.code), body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @SuppressWarnings("deprecation") // agent_labels: old runners send labels only there
  private Message dispatch(String method, Message request, Headers h)
      throws ConnectError, InterruptedException {
    if (method.equals("Ping")) {
      return PingResponse.newBuilder()
          .setData("Hello, " + ((PingRequest) request).getData() + "!")
          .build();
    }
    if (method.equals("Register")) {
      RegisterRequest r = (RegisterRequest) request;
      List<String> labels = r.getLabelsCount() > 0 ? r.getLabelsList() : r.getAgentLabelsList();
      return RegisterResponse.newBuilder()
          .setRunner(
              lockedChecked(
                  () ->
                      state.register(
                          r.getName(), r.getToken(), r.getVersion(), labels, r.getEphemeral())))
          .build();
    }
    String key = h.getFirst("x-runner-request-key");
    boolean keyed = (method.equals("FetchTask") || method.equals("FetchSingleTask")) && key != null;
    if (keyed) {
      lock.lock();
      try {
        if (!lockedKeys.add(key)) {
          throw new ConnectError("internal", "request key is currently locked; retry soon");
        }
      } finally {
        lock.unlock();
      }
    }
    try {
      return lockedChecked(
          () -> {
            RunnerRow runner = authenticate(h);
            return switch (method) {
              case "Declare" -> {
                DeclareRequest d = (DeclareRequest) request;
                yield DeclareResponse.newBuilder()
                    .setRunner(state.declare(runner, d.getVersion(), d.getLabelsList()))
                    .build();
              }
              case "FetchTask" -> {
                FetchTaskRequest f = (FetchTaskRequest) request;
                long capacity = f.hasTaskCapacity() ? f.getTaskCapacity() : 1;
                yield state.fetch(runner, f.getTasksVersion(), capacity, key);
              }
              case "FetchSingleTask" -> {
                io.jrunner.proto.runner.v1.FetchSingleTaskRequest f =
                    (io.jrunner.proto.runner.v1.FetchSingleTaskRequest) request;
                yield state.fetchSingle(
                    runner, f.getTasksVersion(), f.hasHandle() ? f.getHandle() : null, key);
              }
              case "UpdateTask" -> {
                UpdateTaskRequest u = (UpdateTaskRequest) request;
                if (!u.hasState()) {
                  throw new ConnectError("internal", "runtime error: nil pointer dereference");
                }
                yield state.updateTask(runner, u.getState(), u.getOutputsMap());
              }
              case "UpdateLog" -> {
                UpdateLogRequest l = (UpdateLogRequest) request;
                yield UpdateLogResponse.newBuilder()
                    .setAckIndex(
                        state.updateLog(
                            runner, l.getTaskId(), l.getIndex(), l.getRowsList(), l.getNoMore()))
                    .build();
              }
              default -> throw new ConnectError("unimplemented", method);
            };
          });
    } finally {
      if (keyed) {
        locked(() -> lockedKeys.remove(key));
      }
    }
  }

  /** The ack an UpdateLog answer carries: the stored length, or what an ack fault makes of it. */
  private UpdateLogResponse answeredAck(Fault fault, long taskId, UpdateLogResponse stored) {
    return locked(
        () -> {
          long ack =
              switch (fault) {
                case Fault.AckShift s -> Math.max(0, stored.getAckIndex() + s.shift());
                case Fault.RepeatAck r -> answeredAcks.getOrDefault(taskId, 0L);
                case null, default -> stored.getAckIndex();
              };
          answeredAcks.put(taskId, ack);
          return stored.toBuilder().setAckIndex(ack).build();
        });
  }

  private RunnerRow authenticate(Headers h) throws ConnectError {
    try {
      return state.authenticate(h.getFirst("x-runner-uuid"), h.getFirst("x-runner-token"));
    } catch (ConnectError e) {
      if (legacyAuthErrors) {
        throw new ConnectError(
            "unknown", "rpc error: code = Unauthenticated desc = " + e.getMessage());
      }
      throw e;
    }
  }

  private Fault nextFault(String method) {
    return locked(
        () -> {
          Deque<Fault> q = faults.get(method);
          return q == null ? null : q.poll();
        });
  }

  private void record(
      HttpExchange exchange, String method, Message request, int status, String code) {
    Map<String, List<String>> headers = new HashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    RecordedCall call =
        new RecordedCall(
            method,
            Map.copyOf(headers),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            request,
            status,
            code,
            clock.instant());
    locked(
        () -> {
          calls.add(call);
          changed.signalAll();
        });
  }

  /** Thrown to make the HTTP server close the connection without an answer. */
  private static final class DroppedResponse extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  private <T> T locked(java.util.function.Supplier<T> body) {
    lock.lock();
    try {
      T result = body.get();
      changed.signalAll();
      return result;
    } finally {
      lock.unlock();
    }
  }

  private void locked(Runnable body) {
    lock.lock();
    try {
      body.run();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** A state call that may throw a Connect error. */
  @FunctionalInterface
  private interface StateCall<T> {
    T call() throws ConnectError;
  }

  private <T> T lockedChecked(StateCall<T> body) throws ConnectError {
    lock.lock();
    try {
      T result = body.call();
      changed.signalAll();
      return result;
    } finally {
      lock.unlock();
    }
  }

  private static String randomHex() {
    byte[] b = new byte[20];
    new java.security.SecureRandom().nextBytes(b);
    return java.util.HexFormat.of().formatHex(b);
  }

  /** For the main class: the instant of the server's clock. */
  Instant now() {
    return clock.instant();
  }
}
