//! `sandbox-load`: a bounded load benchmark of the sandbox server on loopback.
//!
//! Starts the real `smile-sandbox` binary (the one beside this executable) on free ports with
//! `--extra-providers 10000`, measures a baseline of `GET /_sandbox/health`, then runs three scenarios,
//! each with `--users` simulated users at once:
//! - the connect flow (token, session, provider search, an MFA account, the code, polling to
//!   `CONNECTED`, the account list);
//! - the provider list (session, a search typed one letter at a time, each prefix one
//!   `GET /providers`, then the whole list paged by its cursor);
//! - an upload (session, file types, a 100 KB payslip PDF as multipart, polling the archives until it
//!   is `ANALYZED`).
//!
//! Prints a report and exits non-zero if any request failed, any account or upload was lost, or any
//! answer did not match its query.
//!
//! Build and run: `cargo build --release -p smile-sandbox --bins && target/release/sandbox-load`.

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use clap::Parser;
use reqwest::{Client, Method, RequestBuilder, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::json;
use smile_link_api::{
    Account, ApiCode, Archive, ArchiveStatus, ConnectionStatus, CreatedUser, Envelope, FileType, Page,
    Provider, Session,
};

/// Load benchmark of the sandbox server on 127.0.0.1.
#[derive(Debug, Parser)]
#[command(name = "sandbox-load", about)]
struct Args {
    /// Simulated users running the connect flow at the same time.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u64).range(1..=5_000))]
    users: u64,
}

/// How long the server may take to print its address.
const STARTUP_WAIT: Duration = Duration::from_secs(10);
/// Every request's own limit.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// The whole run's limit, start-up included.
const RUN_DEADLINE: Duration = Duration::from_secs(240);
/// Baseline: this many health requests over this many concurrent tasks.
const BASELINE_REQUESTS: usize = 2_000;
const BASELINE_TASKS: usize = 50;
/// Account polling: interval and most polls per wait.
const POLL_INTERVAL: Duration = Duration::from_millis(100);
const MAX_POLLS: usize = 100;
/// Server flags: a short provider delay, no per-token rate limit, a long MFA window, a short analysis,
/// and a catalogue of ten thousand generated employers beside the built-in providers.
const CONNECT_DELAY_MS: &str = "200";
const MFA_TIMEOUT_S: &str = "120";
const ANALYSIS_DELAY_MS: &str = "200";
const EXTRA_PROVIDERS: &str = "10000";
/// The provider list: page size (the widget's), how many pages of the whole list each user reads,
/// and the names searched (one a user, round-robin), typed one letter at a time.
const LIST_PAGE_SIZE: usize = 30;
const LIST_PAGES: usize = 4;
const SEARCHES: [&str; 4] = ["golden motors 11", "metro bakery 19", "grab", "island foods 2"];
/// The upload: one payslip PDF of this many bytes.
const UPLOAD_BYTES: usize = 100 * 1024;
const API_KEY: &str = "sandbox_key";
const API_SECRET: &str = "sandbox_secret";
const MFA_CODE: &str = "1234";
const PROVIDER: &str = "upwork";
/// The documents' four sandbox users (email, password), chosen round-robin.
const SANDBOX_USERS: [(&str, &str); 4] = [
    ("gpalomero1234@smileapi.io", "123456"),
    ("ryan1234@smileapi.io", "654321"),
    ("christina4321@smileapi.io", "YGUS1"),
    ("anisha98765@smileapi.io", "123456"),
];
/// Failure messages printed in full; the rest are counted.
const SHOWN_FAILURES: usize = 10;

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Runs the benchmark; `Ok(false)` when it completed but something failed or was lost.
async fn run(args: Args) -> Result<bool, String> {
    let started = Instant::now();
    let server = Server::start()?;
    let api = server.base.clone();
    println!("sandbox-load: smile-sandbox pid {} at {api}", server.pid());
    let client = Client::builder()
        .no_proxy()
        .timeout(REQUEST_TIMEOUT)
        .connect_timeout(REQUEST_TIMEOUT)
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
    let remaining = RUN_DEADLINE.saturating_sub(started.elapsed());
    let users = args.users as usize;
    let work = async {
        let baseline = baseline(&client, &api).await;
        let flow = scenario(&client, &api, users, Scenario::Connect).await;
        let list = scenario(&client, &api, users, Scenario::ProviderList).await;
        let upload = scenario(&client, &api, users, Scenario::Upload).await;
        (baseline, [flow, list, upload])
    };
    let (baseline, scenarios) = tokio::select! {
        r = tokio::time::timeout(remaining, work) => r.map_err(|_| {
            format!("the run passed its {} s deadline", RUN_DEADLINE.as_secs())
        })?,
        _ = tokio::signal::ctrl_c() => return Err("interrupted".into()),
    };
    drop(server);
    Ok(report(&baseline, &scenarios, users))
}

/// The `smile-sandbox` child process; killed and reaped on drop, its temporary `--dist` removed.
struct Server {
    child: Child,
    dist: PathBuf,
    base: String,
}

impl Server {
    fn start() -> Result<Server, String> {
        let exe = std::env::current_exe().map_err(|e| format!("cannot find this executable: {e}"))?;
        let binary = exe.with_file_name(format!("smile-sandbox{}", std::env::consts::EXE_SUFFIX));
        if !binary.is_file() {
            return Err(format!(
                "{} is missing; run `cargo build --release -p smile-sandbox` first",
                binary.display()
            ));
        }
        let dist = std::env::temp_dir().join(format!("sandbox-load-{}", std::process::id()));
        std::fs::create_dir_all(&dist).map_err(|e| format!("cannot create {}: {e}", dist.display()))?;
        let spawned = Command::new(&binary)
            .args(["--port", "0", "--demo-port", "0", "--rate-limit", "0"])
            .args(["--connect-delay-ms", CONNECT_DELAY_MS, "--mfa-timeout", MFA_TIMEOUT_S])
            .args(["--analysis-delay-ms", ANALYSIS_DELAY_MS, "--extra-providers", EXTRA_PROVIDERS])
            .args(["--api-key", API_KEY, "--api-secret", API_SECRET])
            .arg("--dist")
            .arg(&dist)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        let mut child = match spawned {
            Ok(c) => c,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&dist);
                return Err(format!("cannot start {}: {e}", binary.display()));
            }
        };
        let stdout = child.stdout.take();
        let stderr = child.stderr.take();
        // From here on, the guard kills the child whatever happens.
        let mut server = Server { child, dist, base: String::new() };
        let (lines, stdout_lines) = mpsc::channel::<String>();
        if let Some(out) = stdout {
            std::thread::spawn(move || {
                for line in BufReader::new(out).lines().map_while(Result::ok) {
                    // Keeps draining after the address is known, so the child never blocks on a full pipe.
                    let _ = lines.send(line);
                }
            });
        }
        let errors = Arc::new(Mutex::new(String::new()));
        if let Some(mut err) = stderr {
            let errors = errors.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n @ 1..) = err.read(&mut buf) {
                    let mut text = errors.lock().unwrap_or_else(|p| p.into_inner());
                    if text.len() < 16 * 1024 {
                        text.push_str(&String::from_utf8_lossy(&buf[..n]));
                    }
                }
            });
        }
        let deadline = Instant::now() + STARTUP_WAIT;
        let failure = |why: String| {
            let stderr = errors.lock().unwrap_or_else(|p| p.into_inner()).clone();
            if stderr.trim().is_empty() { why } else { format!("{why}; its stderr:\n{}", stderr.trim_end()) }
        };
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match stdout_lines.recv_timeout(left) {
                Ok(line) => {
                    if let Some(base) = api_base(&line) {
                        server.base = base;
                        return Ok(server);
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    return Err(failure(format!(
                        "smile-sandbox printed no link API address within {} s",
                        STARTUP_WAIT.as_secs()
                    )));
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    // Give stderr a moment to arrive before reporting it.
                    std::thread::sleep(Duration::from_millis(100));
                    let status = server.child.try_wait().ok().flatten();
                    let how =
                        status.map_or_else(|| "closed its output".to_string(), |s| format!("exited ({s})"));
                    return Err(failure(format!("smile-sandbox {how} before printing its address")));
                }
            }
        }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Child::kill signals this child's own process id only.
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dist);
    }
}

/// `  link API:  http://127.0.0.1:PORT/v1` → `http://127.0.0.1:PORT` (loopback only).
fn api_base(line: &str) -> Option<String> {
    let url = line.trim().strip_prefix("link API:")?.trim();
    let port = url.strip_prefix("http://127.0.0.1:")?.strip_suffix("/v1")?;
    let port: u16 = port.parse().ok().filter(|p| *p != 0)?;
    Some(format!("http://127.0.0.1:{port}"))
}

/// Latencies and failures of one phase.
#[derive(Default)]
struct Stats {
    latencies: Vec<Duration>,
    failures: Vec<String>,
    wall: Duration,
}

impl Stats {
    fn merge(&mut self, other: Stats) {
        self.latencies.extend(other.latencies);
        self.failures.extend(other.failures);
    }

    fn requests(&self) -> usize {
        self.latencies.len()
    }

    fn per_second(&self) -> f64 {
        let secs = self.wall.as_secs_f64();
        if secs > 0.0 { self.requests() as f64 / secs } else { 0.0 }
    }

    /// Nearest-rank percentile of the sorted latencies.
    fn percentile(&self, p: f64) -> Duration {
        let sorted = &self.latencies;
        if sorted.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        sorted[rank.clamp(1, sorted.len()) - 1]
    }

    fn max(&self) -> Duration {
        self.latencies.last().copied().unwrap_or_default()
    }

    fn sort(&mut self) {
        self.latencies.sort_unstable();
    }
}

/// Sends one request, timing it, and reads the envelope's `data` if the status is `expected`.
/// Every request sent is timed, failed or not.
async fn call<T: DeserializeOwned>(
    stats: &mut Stats,
    what: &str,
    request: RequestBuilder,
    expected: StatusCode,
) -> Result<T, String> {
    let start = Instant::now();
    let result = async {
        let response = request.send().await.map_err(|e| format!("{what}: {e}"))?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| format!("{what}: reading the body: {e}"))?;
        if status != expected {
            let text = String::from_utf8_lossy(&body);
            return Err(format!(
                "{what}: HTTP {status}, expected {expected}: {}",
                text.chars().take(300).collect::<String>()
            ));
        }
        let envelope: Envelope<T> =
            serde_json::from_slice(&body).map_err(|e| format!("{what}: not the envelope: {e}"))?;
        let code = if expected == StatusCode::CREATED { ApiCode::Created } else { ApiCode::Ok };
        if envelope.code != code {
            return Err(format!("{what}: envelope code {:?}, expected {code:?}", envelope.code));
        }
        envelope.data.ok_or_else(|| format!("{what}: the envelope has no data"))
    }
    .await;
    stats.latencies.push(start.elapsed());
    if let Err(e) = &result {
        stats.failures.push(e.clone());
    }
    result
}

/// `GET /_sandbox/health`, `BASELINE_REQUESTS` times over `BASELINE_TASKS` tasks: the server's floor.
async fn baseline(client: &Client, api: &str) -> Stats {
    let next = Arc::new(AtomicUsize::new(0));
    let url = format!("{api}/_sandbox/health");
    let start = Instant::now();
    let tasks: Vec<_> = (0..BASELINE_TASKS)
        .map(|_| {
            let (client, url, next) = (client.clone(), url.clone(), next.clone());
            tokio::spawn(async move {
                let mut stats = Stats::default();
                while next.fetch_add(1, Ordering::Relaxed) < BASELINE_REQUESTS {
                    let _ =
                        call::<String>(&mut stats, "GET /_sandbox/health", client.get(&url), StatusCode::OK)
                            .await;
                }
                stats
            })
        })
        .collect();
    let mut total = Stats::default();
    for task in tasks {
        match task.await {
            Ok(stats) => total.merge(stats),
            Err(e) => total.failures.push(format!("a baseline task failed: {e}")),
        }
    }
    total.wall = start.elapsed();
    total.sort();
    total
}

/// One of the scenarios, each run by `users` users at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scenario {
    Connect,
    ProviderList,
    Upload,
}

impl Scenario {
    fn describe(self, users: usize) -> String {
        match self {
            Scenario::Connect => format!(
                "connect flow (`{PROVIDER}` + MFA, connect delay {CONNECT_DELAY_MS} ms, polling every {} ms), {users} concurrent users",
                POLL_INTERVAL.as_millis()
            ),
            Scenario::ProviderList => format!(
                "provider list ({EXTRA_PROVIDERS} extra employers: a search typed letter by letter, then {LIST_PAGES} pages of {LIST_PAGE_SIZE}), {users} concurrent users"
            ),
            Scenario::Upload => format!(
                "upload (one {} KB payslip PDF, analysis {ANALYSIS_DELAY_MS} ms, polling every {} ms), {users} concurrent users",
                UPLOAD_BYTES / 1024,
                POLL_INTERVAL.as_millis()
            ),
        }
    }

    /// What a completed user achieved, for the report.
    fn outcome(self) -> &'static str {
        match self {
            Scenario::Connect => "connected",
            Scenario::ProviderList => "searched and paged",
            Scenario::Upload => "analyzed",
        }
    }
}

/// A scenario's requests and how many users completed it.
struct Outcome {
    scenario: Scenario,
    stats: Stats,
    completed: usize,
}

async fn scenario(client: &Client, api: &str, users: usize, scenario: Scenario) -> Outcome {
    let start = Instant::now();
    let tasks: Vec<_> = (0..users)
        .map(|i| {
            let (client, api) = (client.clone(), api.to_string());
            tokio::spawn(async move {
                let mut stats = Stats::default();
                let done = match scenario {
                    Scenario::Connect => one_user(&mut stats, &client, &api, i).await,
                    Scenario::ProviderList => one_list(&mut stats, &client, &api, i).await,
                    Scenario::Upload => one_upload(&mut stats, &client, &api, i).await,
                };
                if let Err(e) = &done
                    && !stats.failures.contains(e)
                {
                    stats.failures.push(e.clone());
                }
                (stats, done.is_ok())
            })
        })
        .collect();
    let mut stats = Stats::default();
    let mut completed = 0;
    for task in tasks {
        match task.await {
            Ok((s, ok)) => {
                stats.merge(s);
                completed += usize::from(ok);
            }
            Err(e) => stats.failures.push(format!("a user task failed: {e}")),
        }
    }
    stats.wall = start.elapsed();
    stats.sort();
    Outcome { scenario, stats, completed }
}

/// A new sandbox user's token and a started session, as the widget starts.
async fn start_session(stats: &mut Stats, client: &Client, api: &str, me: &str) -> Result<String, String> {
    let created: CreatedUser = call(
        stats,
        &format!("{me}: POST /open/v1/users"),
        client.post(format!("{api}/open/v1/users")).basic_auth(API_KEY, Some(API_SECRET)),
        StatusCode::CREATED,
    )
    .await?;
    let session: Session = call(
        stats,
        &format!("{me}: GET /v1/session"),
        authed(client, Method::GET, format!("{api}/v1/session"), &created.token),
        StatusCode::OK,
    )
    .await?;
    if session.user_id != created.user.id {
        return Err(format!("{me}: the session is for {}, not {}", session.user_id, created.user.id));
    }
    Ok(created.token)
}

/// Lowercase without accents is enough for the generated names and the built-in ones searched here.
fn matches(provider: &Provider, query: &str) -> bool {
    let q = query.trim().to_lowercase();
    provider.name.to_lowercase().contains(&q) || provider.long_name.to_lowercase().contains(&q)
}

/// One user's provider list: each prefix of a name as it is typed, then the whole list page by page.
async fn one_list(stats: &mut Stats, client: &Client, api: &str, i: usize) -> Result<(), String> {
    let me = format!("user {i}");
    let token = start_session(stats, client, api, &me).await?;
    let v1 = format!("{api}/v1");
    let name = SEARCHES[i % SEARCHES.len()];
    for end in 1..=name.len() {
        let prefix = &name[..end];
        if prefix.ends_with(' ') {
            continue;
        }
        let url = format!(
            "{v1}/providers?name={}&accountConnection=true&size={LIST_PAGE_SIZE}",
            prefix.replace(' ', "%20")
        );
        let page: Page<Provider> = call(
            stats,
            &format!("{me}: GET /v1/providers?name={prefix}"),
            authed(client, Method::GET, url, &token),
            StatusCode::OK,
        )
        .await?;
        if page.items.is_empty() || page.items.len() > LIST_PAGE_SIZE {
            return Err(format!("{me}: {} providers for {prefix:?}", page.items.len()));
        }
        if let Some(p) = page.items.iter().find(|p| !matches(p, prefix)) {
            return Err(format!("{me}: {:?} is listed for {prefix:?}", p.name));
        }
    }
    let mut cursor: Option<String> = None;
    let mut seen = std::collections::HashSet::new();
    for n in 0..LIST_PAGES {
        let mut url = format!("{v1}/providers?accountConnection=true&size={LIST_PAGE_SIZE}");
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={c}"));
        }
        let page: Page<Provider> = call(
            stats,
            &format!("{me}: GET /v1/providers page {}", n + 1),
            authed(client, Method::GET, url, &token),
            StatusCode::OK,
        )
        .await?;
        if page.items.len() != LIST_PAGE_SIZE {
            return Err(format!("{me}: page {} has {} providers", n + 1, page.items.len()));
        }
        if let Some(p) = page.items.iter().find(|p| !seen.insert(p.id.clone())) {
            return Err(format!("{me}: {} is listed twice", p.id));
        }
        cursor = Some(page.next_cursor.ok_or_else(|| format!("{me}: page {} has no next cursor", n + 1))?);
    }
    Ok(())
}

/// A readable PDF of `UPLOAD_BYTES`, different for each user.
fn payslip_pdf(i: usize) -> Vec<u8> {
    let mut pdf = format!("%PDF-1.7\n% payslip of sandbox-load user {i}\n").into_bytes();
    let line = format!("BT /F1 12 Tf 72 712 Td (Net pay {i}) Tj ET\n");
    while pdf.len() + line.len() + 8 < UPLOAD_BYTES {
        pdf.extend_from_slice(line.as_bytes());
    }
    pdf.extend_from_slice(b"\n%%EOF\n");
    pdf
}

/// One user's upload: the file types, one payslip, its analysis to `ANALYZED`.
async fn one_upload(stats: &mut Stats, client: &Client, api: &str, i: usize) -> Result<(), String> {
    let me = format!("user {i}");
    let token = start_session(stats, client, api, &me).await?;
    let v1 = format!("{api}/v1");
    let types: Page<FileType> = call(
        stats,
        &format!("{me}: GET /v1/fileTypes"),
        authed(client, Method::GET, format!("{v1}/fileTypes"), &token),
        StatusCode::OK,
    )
    .await?;
    if !types.items.iter().any(|t| t.kind == "PAYSLIP") {
        return Err(format!("{me}: GET /v1/fileTypes offers no PAYSLIP"));
    }
    let file = reqwest::multipart::Part::bytes(payslip_pdf(i))
        .file_name(format!("payslip-{i}.pdf"))
        .mime_str("application/pdf")
        .map_err(|e| format!("{me}: {e}"))?;
    let form = reqwest::multipart::Form::new().text("fileType", "PAYSLIP").part("file", file);
    let archive: Archive = call(
        stats,
        &format!("{me}: POST /v1/archives"),
        authed(client, Method::POST, format!("{v1}/archives"), &token).multipart(form),
        StatusCode::CREATED,
    )
    .await?;
    if archive.state.status != ArchiveStatus::Started {
        return Err(format!("{me}: a new archive is {:?}, not STARTED", archive.state.status));
    }
    let mut last = ArchiveStatus::Started;
    for _ in 0..MAX_POLLS {
        tokio::time::sleep(POLL_INTERVAL).await;
        let list: Page<Archive> = call(
            stats,
            &format!("{me}: GET /v1/archives"),
            authed(client, Method::GET, format!("{v1}/archives"), &token),
            StatusCode::OK,
        )
        .await?;
        last = list
            .items
            .iter()
            .find(|a| a.id == archive.id)
            .map(|a| a.state.status)
            .ok_or_else(|| format!("{me}: GET /v1/archives does not list {}", archive.id))?;
        match last {
            ArchiveStatus::Analyzed => return Ok(()),
            ArchiveStatus::Started => {}
            other => return Err(format!("{me}: archive {} became {other:?}", archive.id)),
        }
    }
    Err(format!("{me}: archive {} still {last:?} after {MAX_POLLS} polls", archive.id))
}

fn authed(client: &Client, method: Method, url: String, token: &str) -> RequestBuilder {
    client.request(method, url).bearer_auth(token)
}

/// One user's whole flow; `Ok` only if the account ends `CONNECTED` and listed.
async fn one_user(stats: &mut Stats, client: &Client, api: &str, i: usize) -> Result<(), String> {
    let me = format!("user {i}");
    let token = start_session(stats, client, api, &me).await?;
    let v1 = format!("{api}/v1");

    let providers: Page<Provider> = call(
        stats,
        &format!("{me}: GET /v1/providers?name=up"),
        authed(client, Method::GET, format!("{v1}/providers?name=up"), &token),
        StatusCode::OK,
    )
    .await?;
    if !providers.items.iter().any(|p| p.id == PROVIDER) {
        return Err(format!("{me}: GET /v1/providers?name=up does not list {PROVIDER}"));
    }

    let (email, password) = SANDBOX_USERS[i % SANDBOX_USERS.len()];
    let body = json!({"providerId": PROVIDER, "credentials": {"email": email, "password": password}});
    let account: Account = call(
        stats,
        &format!("{me}: POST /v1/accounts"),
        authed(client, Method::POST, format!("{v1}/accounts"), &token).json(&body),
        StatusCode::CREATED,
    )
    .await?;
    if account.connection_status != ConnectionStatus::Pending {
        return Err(format!("{me}: a new account is {:?}, not PENDING", account.connection_status));
    }
    let id = account.id;

    wait_for(stats, client, &v1, &token, &me, &id, ConnectionStatus::AwaitingMfa).await?;

    let after_code: Account = call(
        stats,
        &format!("{me}: POST /v1/accounts/{id}/mfa"),
        authed(client, Method::POST, format!("{v1}/accounts/{id}/mfa"), &token)
            .json(&json!({"code": MFA_CODE})),
        StatusCode::OK,
    )
    .await?;
    if !matches!(after_code.connection_status, ConnectionStatus::Pending | ConnectionStatus::Connected) {
        return Err(format!("{me}: after the code the account is {:?}", after_code.connection_status));
    }

    wait_for(stats, client, &v1, &token, &me, &id, ConnectionStatus::Connected).await?;

    let list: Page<Account> = call(
        stats,
        &format!("{me}: GET /v1/accounts"),
        authed(client, Method::GET, format!("{v1}/accounts"), &token),
        StatusCode::OK,
    )
    .await?;
    match list.items.iter().find(|a| a.id == id) {
        Some(a) if a.connection_status == ConnectionStatus::Connected => Ok(()),
        Some(a) => Err(format!("{me}: GET /v1/accounts lists {id} as {:?}", a.connection_status)),
        None => Err(format!("{me}: GET /v1/accounts does not list {id}")),
    }
}

/// Polls the account every `POLL_INTERVAL` until it reaches `want`, at most `MAX_POLLS` times.
async fn wait_for(
    stats: &mut Stats,
    client: &Client,
    v1: &str,
    token: &str,
    me: &str,
    id: &str,
    want: ConnectionStatus,
) -> Result<(), String> {
    let mut last = ConnectionStatus::Pending;
    for _ in 0..MAX_POLLS {
        tokio::time::sleep(POLL_INTERVAL).await;
        let account: Account = call(
            stats,
            &format!("{me}: GET /v1/accounts/{id}"),
            authed(client, Method::GET, format!("{v1}/accounts/{id}"), token),
            StatusCode::OK,
        )
        .await?;
        last = account.connection_status;
        if last == want {
            return Ok(());
        }
        if last != ConnectionStatus::Pending {
            let code = account.connection.error_code.map(|c| format!(" ({c:?})")).unwrap_or_default();
            return Err(format!("{me}: account {id} became {last:?}{code} while waiting for {want:?}"));
        }
    }
    Err(format!("{me}: account {id} still {last:?} after {MAX_POLLS} polls, waiting for {want:?}"))
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// Prints the report; true when nothing failed and nothing was lost.
fn report(baseline: &Stats, scenarios: &[Outcome], users: usize) -> bool {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!();
    println!("baseline: GET /_sandbox/health, {BASELINE_REQUESTS} requests over {BASELINE_TASKS} tasks");
    println!("  requests:     {} ({} failures)", baseline.requests(), baseline.failures.len());
    println!("  wall time:    {:.3} s", baseline.wall.as_secs_f64());
    println!("  requests/s:   {:.0}", baseline.per_second());
    println!(
        "  latency:      p50 {}  p99 {}  max {}",
        ms(baseline.percentile(50.0)),
        ms(baseline.percentile(99.0)),
        ms(baseline.max())
    );
    let mut failures: Vec<&String> = baseline.failures.iter().collect();
    let mut lost_any = false;
    for o in scenarios {
        let s = &o.stats;
        let lost = users - o.completed;
        lost_any |= lost > 0;
        failures.extend(&s.failures);
        println!();
        println!("{}", o.scenario.describe(users));
        println!("  requests:       {} ({} failures)", s.requests(), s.failures.len());
        println!("  wall time:      {:.3} s", s.wall.as_secs_f64());
        println!("  requests/s:     {:.0}", s.per_second());
        println!(
            "  latency:        p50 {}  p99 {}  max {}",
            ms(s.percentile(50.0)),
            ms(s.percentile(99.0)),
            ms(s.max())
        );
        println!("  users completed: {}/{users} {}", o.completed, o.scenario.outcome());
        println!("  lost:           {lost}");
    }
    if !failures.is_empty() {
        println!();
        println!("failures ({}):", failures.len());
        for f in failures.iter().take(SHOWN_FAILURES) {
            println!("  {f}");
        }
        if failures.len() > SHOWN_FAILURES {
            println!("  … and {} more", failures.len() - SHOWN_FAILURES);
        }
    }
    println!();
    println!("markdown ({cores} cores, client and server on the same machine, loopback):");
    println!();
    println!("| scenario | requests | wall time | requests/s | p50 | p99 | max | outcome |");
    println!("|---|---:|---:|---:|---:|---:|---:|---|");
    println!(
        "| baseline `GET /_sandbox/health`, {BASELINE_TASKS} concurrent | {} | {:.2} s | {:.0} | {} | {} | {} | {} failed |",
        baseline.requests(),
        baseline.wall.as_secs_f64(),
        baseline.per_second(),
        ms(baseline.percentile(50.0)),
        ms(baseline.percentile(99.0)),
        ms(baseline.max()),
        baseline.failures.len()
    );
    for o in scenarios {
        let s = &o.stats;
        println!(
            "| {} | {} | {:.2} s | {:.0} | {} | {} | {} | {}/{users} {}, {} lost, {} failed |",
            o.scenario.describe(users),
            s.requests(),
            s.wall.as_secs_f64(),
            s.per_second(),
            ms(s.percentile(50.0)),
            ms(s.percentile(99.0)),
            ms(s.max()),
            o.completed,
            o.scenario.outcome(),
            users - o.completed,
            s.failures.len()
        );
    }
    failures.is_empty() && !lost_any
}
