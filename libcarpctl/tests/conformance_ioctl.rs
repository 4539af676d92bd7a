//! The conformance suite on the ioctl backend over the model kernel, for
//! every release that has the CARP ioctls (10 to 15; 16 removed them, see
//! `ioctl_backend.rs`).

#[path = "support/suite.rs"]
mod suite;

use libcarpctl::backend::ioctl::IoctlBackend;
use libcarpctl::model::{Host, ModelIoctl};
use libcarpctl::Release;

fn ioctl(host: Host) -> IoctlBackend<ModelIoctl> {
    let release = host.release;
    IoctlBackend::new(ModelIoctl::new(host), release)
}

#[test]
fn conformance_ioctl_10_0() {
    suite::run_all(Release::V10_0, &ioctl);
}

#[test]
fn conformance_ioctl_13_2() {
    suite::run_all(Release { major: 13, minor: 2 }, &ioctl);
}

#[test]
fn conformance_ioctl_14_0() {
    suite::run_all(Release::V14_0, &ioctl);
}

#[test]
fn conformance_ioctl_14_1() {
    suite::run_all(Release { major: 14, minor: 1 }, &ioctl);
}

#[test]
fn conformance_ioctl_15_0() {
    suite::run_all(Release::V15_0, &ioctl);
}
