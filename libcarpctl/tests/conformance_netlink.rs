//! The conformance suite on the netlink backend (FreeBSD flavor), talking
//! the netlink byte protocol to the kernel model ([`NetlinkPeer`]), for
//! every release that has netlink.

#[path = "support/suite.rs"]
mod suite;

use libcarpctl::model::NetlinkPeer;
use libcarpctl::Release;

#[test]
fn conformance_netlink_14_0() {
    suite::run_all(Release::V14_0, &NetlinkPeer::backend);
}

#[test]
fn conformance_netlink_14_1() {
    suite::run_all(Release { major: 14, minor: 1 }, &NetlinkPeer::backend);
}

#[test]
fn conformance_netlink_15_0() {
    suite::run_all(Release::V15_0, &NetlinkPeer::backend);
}

#[test]
fn conformance_netlink_16_0() {
    suite::run_all(Release { major: 16, minor: 0 }, &NetlinkPeer::backend);
}
