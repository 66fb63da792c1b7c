//! The matcher for libphonenumber's patterns, compiled by `build.rs` into bytecode.
//!
//! The metadata's regexes use only digits, `\d`, classes, groups, alternation, `?`, `{n}`,
//! `{n,m}` and `$`, and always run on ASCII digits; so instead of a regex engine the build
//! script compiles each pattern to a few bytes of code for this small backtracking machine
//! (leftmost-first, like Java's), with a step bound so no input can make it loop.
//!
//! Program layout: `[groups, code…, MATCH]`. Opcodes (one byte, operands little-endian):
//! `0..=9` that digit · `DIGIT` any digit · `CLASS m16` a digit in the mask · `SPLIT o16`
//! try the next instruction, then `pc+3+o` · `JMP o16` · `SAVE n` · `MATCH` · `END` (the
//! input must end here) · `REPEAT min max atom` the atom min..=max times (max 255: no limit),
//! greedy.

pub use super::opcodes::*;
const STEP_LIMIT: u32 = 200_000;
const STACK: usize = 128;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    /// The whole input must match (Java's `matches()`).
    Full,
    /// A prefix of the input must match (Java's `lookingAt()`).
    Prefix,
}

/// Capture positions: `caps[2g]..caps[2g+1]` for group `g+1`; `u8::MAX` when unset.
pub type Caps = [u8; 2 * MAX_GROUPS];

#[derive(Clone, Copy)]
struct Frame {
    pc: u32,
    pos: u8,
    /// For a REPEAT retry: how many more times it may give back one atom.
    rem: u8,
    caps: Caps,
}

/// Runs `prog` on `input` (ASCII digits, at most 250). Returns the end of the match.
pub fn run(prog: &[u8], input: &[u8], mode: Mode, caps: &mut Caps) -> Option<usize> {
    if input.len() > 250 || prog.is_empty() {
        return None;
    }
    let code = &prog[1..];
    // Patterns without groups (most of them) need no capture bookkeeping on backtracking.
    let track = prog[0] > 0;
    // Frames are written before they are read; leaving the array uninitialised saves
    // clearing 3 KB on every run (the engine runs patterns dozens of times per number).
    let mut stack: [std::mem::MaybeUninit<Frame>; STACK] = [const { std::mem::MaybeUninit::uninit() }; STACK];
    let mut depth = 0usize;
    let mut pc = 0usize;
    let mut pos = 0usize;
    let mut cur: Caps = [u8::MAX; 2 * MAX_GROUPS];
    let mut steps = 0u32;
    let len = input.len();

    macro_rules! fail {
        () => {{
            loop {
                if depth == 0 {
                    return None;
                }
                depth -= 1;
                // SAFETY: every index below `depth` was written by a push.
                let f = unsafe { stack[depth].assume_init() };
                pc = f.pc as usize;
                pos = f.pos as usize;
                if track {
                    cur = f.caps;
                }
                if f.rem > 0 {
                    // A REPEAT gives back one more atom: retry with one fewer.
                    if f.rem > 1 && depth < STACK {
                        stack[depth].write(Frame { pc: f.pc, pos: f.pos - 1, rem: f.rem - 1, caps: f.caps });
                        depth += 1;
                    }
                }
                break;
            }
            continue;
        }};
    }

    loop {
        steps += 1;
        if steps > STEP_LIMIT {
            return None;
        }
        let op = code[pc];
        match op {
            0..=9 | DIGIT | CLASS => {
                let (ok, width) = atom(code, pc, input.get(pos).copied());
                if pos >= len {
                    fail!();
                }
                if !ok {
                    fail!();
                }
                pos += 1;
                pc += width;
            }
            REPEAT => {
                let min = code[pc + 1] as usize;
                let max = if code[pc + 2] == 255 { usize::MAX } else { code[pc + 2] as usize };
                let at = pc + 3;
                let (_, width) = atom(code, at, Some(b'0'));
                let mut n = 0;
                while n < max && pos + n < len && atom(code, at, Some(input[pos + n])).0 {
                    n += 1;
                }
                if n < min {
                    fail!();
                }
                let next = at + width;
                if n > min {
                    if depth == STACK {
                        return None;
                    }
                    stack[depth].write(Frame { pc: next as u32, pos: (pos + n - 1) as u8, rem: (n - min) as u8, caps: cur });
                    depth += 1;
                }
                pos += n;
                pc = next;
            }
            SPLIT => {
                let target = jump(code, pc);
                if depth == STACK {
                    return None;
                }
                stack[depth].write(Frame { pc: target as u32, pos: pos as u8, rem: 0, caps: cur });
                depth += 1;
                pc += 3;
            }
            JMP => pc = jump(code, pc),
            SAVE => {
                let slot = code[pc + 1] as usize;
                if slot < cur.len() {
                    cur[slot] = pos as u8;
                }
                pc += 2;
            }
            END => {
                if pos != len {
                    fail!();
                }
                pc += 1;
            }
            MATCH => {
                let done = match mode {
                    Mode::Full => pos == len,
                    Mode::Prefix => true,
                };
                if !done {
                    fail!();
                }
                *caps = cur;
                return Some(pos);
            }
            _ => return None,
        }
    }
}

/// Whether the atom at `pc` accepts `digit`, and the atom's width in bytes.
#[inline]
fn atom(code: &[u8], pc: usize, digit: Option<u8>) -> (bool, usize) {
    let d = match digit {
        Some(d) => d.wrapping_sub(b'0'),
        None => return (false, if code[pc] == CLASS { 3 } else { 1 }),
    };
    match code[pc] {
        op @ 0..=9 => (op == d, 1),
        DIGIT => (d <= 9, 1),
        CLASS => {
            let mask = u16::from_le_bytes([code[pc + 1], code[pc + 2]]);
            (d <= 9 && mask & (1 << d) != 0, 3)
        }
        _ => (false, 1),
    }
}

#[inline]
fn jump(code: &[u8], pc: usize) -> usize {
    let off = i16::from_le_bytes([code[pc + 1], code[pc + 2]]);
    (pc as isize + 3 + off as isize) as usize
}

/// The number of capture groups of a program.
pub fn groups(prog: &[u8]) -> usize {
    prog.first().copied().unwrap_or(0) as usize
}

/// Group `g` (1-based) of a match, if it took part.
pub fn group<'a>(caps: &Caps, input: &'a str, g: usize) -> Option<&'a str> {
    if g == 0 || g > MAX_GROUPS {
        return None;
    }
    let (s, e) = (caps[2 * (g - 1)], caps[2 * (g - 1) + 1]);
    if s == u8::MAX || e == u8::MAX {
        None
    } else {
        input.get(s as usize..e as usize)
    }
}
