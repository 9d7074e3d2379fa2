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
