//! A running sandbox on loopback and a small HTTP client for it.
#![allow(dead_code, clippy::unwrap_used)]

use std::time::{Duration, Instant};

use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};
use smile_sandbox::{Config, Sandbox};

pub struct Harness {
    pub sandbox: Option<Sandbox>,
    pub base: String,
    pub demo: String,
    pub client: Client,
}

impl Harness {
    /// Starts a sandbox with fast timings; `tweak` adjusts the config first.
    pub async fn start_with(tweak: impl FnOnce(&mut Config)) -> Harness {
        let mut config = Config::for_tests();
        config.connect_delay_ms = 50;
        config.analysis_delay_ms = 50;
        config.rate_limit = 0;
        tweak(&mut config);
        let sandbox = smile_sandbox::start(config).await.expect("sandbox starts");
        let base = format!("http://127.0.0.1:{}", sandbox.api_addr.port());
        let demo = format!("http://127.0.0.1:{}", sandbox.demo_addr.port());
        let client = Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
        Harness { sandbox: Some(sandbox), base, demo, client }
    }

    pub async fn start() -> Harness {
        Harness::start_with(|_| {}).await
    }

    pub async fn stop(mut self) {
        if let Some(s) = self.sandbox.take() {
            s.stop().await;
        }
    }

    /// A new sandbox user and its token, through the Open API.
    pub async fn new_user(&self) -> User {
        let (status, body) = self.open("/users", json!({})).await;
        assert_eq!(status, 201, "{body}");
        User {
            id: body["data"]["user"]["id"].as_str().unwrap().to_string(),
            token: body["data"]["token"].as_str().unwrap().to_string(),
        }
    }

    pub async fn open(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let response = self
            .client
            .post(format!("{}/open/v1{path}", self.base))
            .basic_auth("sandbox_key", Some("sandbox_secret"))
            .json(&body)
            .send()
            .await
            .unwrap();
        read(response).await
    }

    /// A link API call with `user`'s token.
    pub async fn call(
        &self,
        user: &User,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request =
            self.client.request(method, format!("{}/v1{path}", self.base)).bearer_auth(&user.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        read(request.send().await.unwrap()).await
    }

    pub async fn get(&self, user: &User, path: &str) -> (StatusCode, Value) {
        self.call(user, Method::GET, path, None).await
    }

    pub async fn post(&self, user: &User, path: &str, body: Value) -> (StatusCode, Value) {
        self.call(user, Method::POST, path, Some(body)).await
    }

    pub async fn connect(&self, user: &User, provider: &str, credentials: Value) -> Value {
        let (status, body) =
            self.post(user, "/accounts", json!({"providerId": provider, "credentials": credentials})).await;
        assert_eq!(status, 201, "{body}");
        assert_eq!(body["data"]["connectionStatus"], "PENDING");
        body["data"].clone()
    }

    /// Polls an account until it leaves PENDING (bounded to 5 s).
    pub async fn settle(&self, user: &User, account_id: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let (status, body) = self.get(user, &format!("/accounts/{account_id}")).await;
            assert_eq!(status, 200, "{body}");
            if body["data"]["connectionStatus"] != "PENDING" {
                return body["data"].clone();
            }
            assert!(Instant::now() < deadline, "account stayed PENDING");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

pub struct User {
    pub id: String,
    pub token: String,
}

pub async fn read(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    let text = response.text().await.unwrap();
    let value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"));
    (status, value)
}

/// Asserts the error envelope: status, code, a message, a request id and null data.
pub fn assert_error(status: StatusCode, body: &Value, expected_status: u16, code: &str) {
    assert_eq!(status.as_u16(), expected_status, "{body}");
    assert_eq!(body["code"], code, "{body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    assert!(body["requestId"].as_str().is_some_and(|r| r.starts_with("req-")), "{body}");
    assert!(body["data"].is_null(), "{body}");
}

pub const GEORGE: (&str, &str) = ("gpalomero1234@smileapi.io", "123456");

impl Harness {
    /// A GET on the Open API with HTTP Basic `key:secret`.
    pub async fn open_get_as(&self, key: &str, secret: &str, path: &str) -> (StatusCode, Value) {
        let response = self
            .client
            .get(format!("{}/open/v1{path}", self.base))
            .basic_auth(key, Some(secret))
            .send()
            .await
            .unwrap();
        read(response).await
    }

    /// A GET on the Open API as the default partner.
    pub async fn open_get(&self, path: &str) -> (StatusCode, Value) {
        self.open_get_as("sandbox_key", "sandbox_secret", path).await
    }

    /// A new user of the partner `key:secret`, and its token.
    pub async fn new_user_as(&self, key: &str, secret: &str) -> User {
        let response = self
            .client
            .post(format!("{}/open/v1/users", self.base))
            .basic_auth(key, Some(secret))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        let (status, body) = read(response).await;
        assert_eq!(status, 201, "{body}");
        User {
            id: body["data"]["user"]["id"].as_str().unwrap().to_string(),
            token: body["data"]["token"].as_str().unwrap().to_string(),
        }
    }

    /// Connects `credentials` on `provider` for `user`, entering the MFA code when asked, and
    /// returns the account once it is `CONNECTED`.
    pub async fn connect_fully(&self, user: &User, provider: &str, credentials: Value) -> Value {
        let account = self.connect(user, provider, credentials).await;
        let id = account["id"].as_str().unwrap().to_string();
        let mut settled = self.settle(user, &id).await;
        if settled["connectionStatus"] == "AWAITING_MFA" {
            let (status, body) =
                self.post(user, &format!("/accounts/{id}/mfa"), json!({"code": "1234"})).await;
            assert_eq!(status, 200, "{body}");
            settled = self.settle(user, &id).await;
        }
        assert_eq!(settled["connectionStatus"], "CONNECTED", "{settled}");
        settled
    }
}

/// One request a [`Receiver`] got.
#[derive(Clone)]
pub struct Delivery {
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
    pub at: Instant,
    /// The status the receiver answered.
    pub answered: u16,
}

impl Delivery {
    pub fn header(&self, name: &str) -> String {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_string()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }

    pub fn event_type(&self) -> String {
        self.json()["eventType"].as_str().unwrap_or("").to_string()
    }
}

/// A webhook receiver on 127.0.0.1 that records every request; it answers 500 to the first
/// `fail_first` requests and 200 after.
pub struct Receiver {
    pub url: String,
    got: std::sync::Arc<std::sync::Mutex<Vec<Delivery>>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Receiver {
    pub async fn start(fail_first: usize) -> Receiver {
        use axum::extract::State;
        type Got = std::sync::Arc<std::sync::Mutex<Vec<Delivery>>>;
        let got: Got = Default::default();
        let handler = move |State(got): State<Got>,
                            headers: axum::http::HeaderMap,
                            body: axum::body::Bytes| async move {
            let mut got = got.lock().unwrap();
            let answered = if got.len() < fail_first { 500 } else { 200 };
            let mut copied = reqwest::header::HeaderMap::new();
            for (name, value) in &headers {
                if let (Ok(n), Ok(v)) = (
                    reqwest::header::HeaderName::from_bytes(name.as_str().as_bytes()),
                    reqwest::header::HeaderValue::from_bytes(value.as_bytes()),
                ) {
                    copied.insert(n, v);
                }
            }
            got.push(Delivery { headers: copied, body: body.to_vec(), at: Instant::now(), answered });
            axum::http::StatusCode::from_u16(answered).unwrap()
        };
        let app = axum::Router::new().route("/hook", axum::routing::post(handler)).with_state(got.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://127.0.0.1:{}/hook", listener.local_addr().unwrap().port());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Receiver { url, got, stop: Some(stop) }
    }

    pub fn got(&self) -> Vec<Delivery> {
        self.got.lock().unwrap().clone()
    }

    /// Waits (at most 10 s) until `done` holds for what has arrived, and returns it.
    pub async fn wait_until(&self, what: &str, done: impl Fn(&[Delivery]) -> bool) -> Vec<Delivery> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let got = self.got();
            if done(&got) {
                return got;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}; got {:?}", types(&got));
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Waits for an event of `event_type` and returns everything received until then.
    pub async fn wait_for_event(&self, event_type: &str) -> Vec<Delivery> {
        self.wait_until(event_type, |got| got.iter().any(|d| d.event_type() == event_type)).await
    }

    pub fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

/// The event types of deliveries, in arrival order.
pub fn types(got: &[Delivery]) -> Vec<String> {
    got.iter().map(Delivery::event_type).collect()
}

/// Registers `url` as a webhook of the default partner with `extra` fields; returns the webhook.
pub async fn register(h: &Harness, url: &str, extra: Value) -> Value {
    let mut body = json!({"url": url});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    let (status, answer) = h.open("/webhooks", body).await;
    assert_eq!(status, 201, "{answer}");
    answer["data"].clone()
}
