//! The typed model: what callers build and what backends report.

mod addr;
mod bridge_cache;
mod bridge_vlan;
mod capnv;
mod carp;
mod change;
mod display;
mod drivers;
mod families;
mod geneve;
mod host_vhid;
mod iface;
mod key;
mod lacp;
mod media_edit;
mod refusal;
mod release;
mod settings;
mod vhid;

pub use addr::{Address, AddressParseError, AddressRequest, AddressSelector, Family};
pub use bridge_cache::{ether_aton, BridgeCacheChange, BridgeCacheEntry, BridgeStpChange, IFBAFBITS};
pub use bridge_vlan::{BridgeVlanChange, VlanSet, VlanSetOp, IFBRFBITS};
pub use capnv::{
    capnv_list, capnv_to_word, CapabilityWords, NvCapName, IFCAP2_IPSEC_OFFLOAD, IFCAP2_RXTLS4, IFCAP2_RXTLS6,
};
pub use carp::{
    CarpConfig, CarpFields, CarpSet, CarpStatus, CarpVersion, CARP_DEFAULT_PEER, CARP_DEFAULT_PEER6,
};
pub use change::{CloneRequest, IfaceChange, IFCAP_NV, IFCAP_NV_NOT_SUPPORTED};
pub use display::{IFF_NAMES, ND6_NAMES};
pub use drivers::{DriverChange, IpsecConfig, StfConfig};
pub use families::{GifConfig, GreConfig, PfsyncChange, PfsyncConfig, VxlanChange, VxlanConfig};
pub use geneve::{GeneveChange, GeneveConfig, GeneveRefusal};
pub use host_vhid::{HostVhid, Vhids};
pub use iface::{Capabilities, IfFlags, IfType, Interface, LinkStatus, Nd6Flags, IFCAP_NAMES};
pub use key::{Key, KEY_LEN};
pub use lacp::{lacp_state, LacpOpreq, LacpPeer, LacpState};
pub use media_edit::{media_read_request, MediaEdit, MediaStep};
pub use refusal::{
    bridge_param, bridge_param_request, bridge_param_value, create_refused, errno_of, family_request_name,
    perror, refused, BridgeParamSpec, BRIDGE_PARAMS,
};
pub use release::Release;
pub use settings::{
    BridgeConfig, BridgeMember, IfaceSettings, Inet6AddrState, LaggConfig, Tunnel, VlanConfig, IFBIFBITS,
    IN6_IFF_NAMES,
};
pub use vhid::{CarpState, Vhid, VhidRangeError};
