//! The conformance suite on the model backend, for every release family.

#[path = "support/suite.rs"]
mod suite;

use libcarpctl::model::{Host, ModelBackend};
use libcarpctl::Release;

fn model(host: Host) -> ModelBackend {
    ModelBackend::new(host)
}

#[test]
fn conformance_model_10_0() {
    suite::run_all(Release::V10_0, &model);
}

#[test]
fn conformance_model_13_2() {
    suite::run_all(Release { major: 13, minor: 2 }, &model);
}

#[test]
fn conformance_model_14_0() {
    suite::run_all(Release::V14_0, &model);
}

#[test]
fn conformance_model_14_1() {
    suite::run_all(Release { major: 14, minor: 1 }, &model);
}

#[test]
fn conformance_model_15_0() {
    suite::run_all(Release::V15_0, &model);
}

#[test]
fn conformance_model_16_0() {
    suite::run_all(Release { major: 16, minor: 0 }, &model);
}

/// The suite must be able to fail: a backend that loses every SET is caught.
#[test]
fn suite_catches_a_broken_backend() {
    let result = std::panic::catch_unwind(|| suite::run_all(Release::V14_0, &|h| Forgetful(model(h))));
    let msg = result.expect_err("a backend that ignores SET must fail the suite");
    let text = msg.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(text.contains("set creates a missing vhid"), "{text}");
}

/// A broken backend: accepts SET and does nothing.
struct Forgetful(ModelBackend);

impl libcarpctl::Backend for Forgetful {
    fn name(&self) -> &'static str {
        "forgetful"
    }
    fn release(&self) -> Release {
        self.0.release()
    }
    fn list_interfaces(&mut self) -> libcarpctl::Result<Vec<libcarpctl::Interface>> {
        self.0.list_interfaces()
    }
    fn carp_get(
        &mut self,
        ifname: &str,
        vhid: Option<libcarpctl::Vhid>,
    ) -> libcarpctl::Result<Vec<libcarpctl::CarpStatus>> {
        self.0.carp_get(ifname, vhid)
    }
    fn carp_set(&mut self, _ifname: &str, _req: &libcarpctl::CarpSet) -> libcarpctl::Result<()> {
        Ok(())
    }
    fn add_address(&mut self, ifname: &str, req: &libcarpctl::AddressRequest) -> libcarpctl::Result<()> {
        self.0.add_address(ifname, req)
    }
    fn delete_address(
        &mut self,
        ifname: &str,
        which: &libcarpctl::AddressSelector,
    ) -> libcarpctl::Result<()> {
        self.0.delete_address(ifname, which)
    }
    fn set_up(&mut self, ifname: &str, up: bool) -> libcarpctl::Result<()> {
        self.0.set_up(ifname, up)
    }
    fn set_mtu(&mut self, ifname: &str, mtu: u32) -> libcarpctl::Result<()> {
        self.0.set_mtu(ifname, mtu)
    }
    fn set_metric(&mut self, ifname: &str, metric: u32) -> libcarpctl::Result<()> {
        self.0.set_metric(ifname, metric)
    }
}
