//! The pattern bytecode's opcodes, defined once: `build.rs` compiles the metadata's regexes
//! with them (it includes this file by path) and `pattern.rs` runs them. Digits `0..=9` are
//! their own opcodes.

/// Any digit.
pub const DIGIT: u8 = 10;
/// `CLASS m16`: a digit in the mask.
pub const CLASS: u8 = 11;
/// `SPLIT o16`: try the next instruction, then `pc+3+o`.
pub const SPLIT: u8 = 12;
/// `JMP o16`.
pub const JMP: u8 = 14;
/// `SAVE n`: a capture position.
pub const SAVE: u8 = 15;
pub const MATCH: u8 = 16;
/// The input must end here.
pub const END: u8 = 17;
/// `REPEAT min max atom`: the atom min..=max times (max 255: no limit), greedy.
pub const REPEAT: u8 = 18;
/// Most capture groups a metadata pattern has.
pub const MAX_GROUPS: usize = 8;
