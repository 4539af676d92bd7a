//! The raw FreeBSD ABI: `#[repr(C)]` structs and request numbers.
