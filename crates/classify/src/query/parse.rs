//! Parser for the published SDG query syntaxes (Scopus-style as used by
//! Aurora, Elsevier and Auckland; the quoted-phrase lists of SIRIS, OSDG and
//! SDSN).
//!
//! Grammar, loosest binding first: `OR`; then `AND`, `NOT`, `AND NOT` and
//! juxtaposition (implicit AND); then the proximity operators `W/n`,
//! `NEAR/n` (either order) and `PRE/n` (left before right). Operands are
//! `( … )` groups, phrases in `"…"`, `{…}` or `<…>`, and bare words; `*` and
//! `?` are wildcards inside words and phrases.

/// One word of a phrase: exact, prefix (`eradicat*`) or general wildcard (`urbani?ation`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pattern {
    /// The token must equal this word.
    Exact(String),
    /// The token must start with this prefix.
    Prefix(String),
    /// The token must match this glob (`*` any run, `?` one char).
    Glob(String),
}

impl Pattern {
    /// Reads one word of a query, lower-cased.
    fn new(piece: &str) -> Pattern {
        let mut p = if piece.is_ascii() {
            piece.to_ascii_lowercase()
        } else {
            piece.to_lowercase()
        };
        let stars = p.bytes().filter(|&b| b == b'*').count();
        let wild = stars > 0 || p.contains('?');
        if wild && stars == 1 && !p.contains('?') && p.ends_with('*') {
            p.pop();
            Pattern::Prefix(p)
        } else if wild {
            Pattern::Glob(p)
        } else {
            Pattern::Exact(p)
        }
    }
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A sequence of words that must occur in this order, adjacent.
    Phrase(Vec<Pattern>),
    /// Every operand must match.
    And(Vec<Node>),
    /// Any operand may match.
    Or(Vec<Node>),
    /// The first operand matches and the second does not.
    Not(Box<Node>, Box<Node>),
    /// Both operands match within `dist` words; `ordered` requires the first one first.
    Near {
        /// Left operand.
        a: Box<Node>,
        /// Right operand.
        b: Box<Node>,
        /// Most words allowed between the two.
        dist: u32,
        /// `PRE/n`: the left operand must come first.
        ordered: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open,
    Close,
    Phrase(String),
    Word(String),
    And,
    Or,
    Not,
    Near(u32, bool),
}

/// Splits phrase text into word patterns, keeping wildcard characters.
pub fn phrase_patterns(s: &str) -> Vec<Pattern> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '*' || c == '?'))
        .filter(|p| !p.is_empty() && p.chars().any(char::is_alphanumeric))
        .map(Pattern::new)
        .collect()
}

fn lex(q: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut chars = q.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        let close = match c {
            '"' => Some('"'),
            '{' => Some('}'),
            '<' => Some('>'),
            _ => None,
        };
        if c.is_whitespace() {
            chars.next();
        } else if c == '(' || c == ')' {
            chars.next();
            out.push(if c == '(' { Tok::Open } else { Tok::Close });
        } else if let Some(end) = close {
            chars.next();
            let rest = &q[i + 1..];
            let len = rest.find(end).unwrap_or(rest.len());
            out.push(Tok::Phrase(rest[..len].to_string()));
            // Skip the phrase and its closing delimiter.
            while chars.peek().is_some_and(|&(j, _)| j <= i + len + 1) {
                chars.next();
            }
        } else {
            let mut end = q.len();
            while let Some(&(j, d)) = chars.peek() {
                if d.is_whitespace() || matches!(d, '(' | ')' | '"' | '{' | '<') {
                    end = j;
                    break;
                }
                chars.next();
            }
            out.push(word_token(&q[i..end]));
        }
    }
    out
}

fn word_token(w: &str) -> Tok {
    match w {
        "AND" => return Tok::And,
        "OR" => return Tok::Or,
        "NOT" | "ANDNOT" => return Tok::Not,
        _ => {}
    }
    for (prefix, ordered) in [("W/", false), ("NEAR/", false), ("PRE/", true)] {
        if let Some(n) = w.strip_prefix(prefix).and_then(|n| n.parse().ok()) {
            return Tok::Near(n, ordered);
        }
    }
    Tok::Word(w.to_string())
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn or(&mut self) -> Result<Node, String> {
        let mut items = vec![self.and()?];
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Node::Or(items)
        })
    }

    fn and(&mut self) -> Result<Node, String> {
        let mut items = vec![self.near()?];
        let mut nots = Vec::new();
        loop {
            match self.peek() {
                Some(Tok::And) => {
                    self.pos += 1;
                    if self.peek() == Some(&Tok::Not) {
                        self.pos += 1;
                        nots.push(self.near()?);
                    } else {
                        items.push(self.near()?);
                    }
                }
                Some(Tok::Not) => {
                    self.pos += 1;
                    nots.push(self.near()?);
                }
                Some(Tok::Open | Tok::Phrase(_) | Tok::Word(_)) => items.push(self.near()?),
                _ => break,
            }
        }
        let pos = if items.len() == 1 {
            items.remove(0)
        } else {
            Node::And(items)
        };
        Ok(match nots.len() {
            0 => pos,
            1 => Node::Not(Box::new(pos), Box::new(nots.remove(0))),
            _ => Node::Not(Box::new(pos), Box::new(Node::Or(nots))),
        })
    }

    fn near(&mut self) -> Result<Node, String> {
        let mut left = self.primary()?;
        while let Some(&Tok::Near(dist, ordered)) = self.peek() {
            self.pos += 1;
            let right = self.primary()?;
            left = Node::Near {
                a: Box::new(left),
                b: Box::new(right),
                dist,
                ordered,
            };
        }
        Ok(left)
    }

    fn primary(&mut self) -> Result<Node, String> {
        // Each token is read once: take it rather than clone its text.
        let tok = self
            .toks
            .get_mut(self.pos)
            .map(|t| std::mem::replace(t, Tok::Close));
        self.pos += 1;
        match tok {
            Some(Tok::Open) => {
                let inner = self.or()?;
                if self.peek() == Some(&Tok::Close) {
                    self.pos += 1;
                    Ok(inner)
                } else {
                    Err(format!("missing ')' at token {}", self.pos))
                }
            }
            Some(Tok::Phrase(s) | Tok::Word(s)) => {
                let pats = phrase_patterns(&s);
                if pats.is_empty() {
                    Err(format!("empty term {s:?}"))
                } else {
                    Ok(Node::Phrase(pats))
                }
            }
            other => Err(format!("unexpected {other:?} at token {}", self.pos)),
        }
    }
}

/// Parses one query of any of the published syntaxes.
pub fn parse(q: &str) -> Result<Node, String> {
    let mut p = Parser {
        toks: lex(q),
        pos: 0,
    };
    let node = p.or()?;
    if p.pos < p.toks.len() {
        return Err(format!("unexpected {:?} at token {}", p.toks[p.pos], p.pos));
    }
    Ok(node)
}

/// Splits a query into independently checkable clauses: the operands of
/// top-level ORs, with an enclosing NOT distributed over them
/// (`(a OR b) NOT c` = `(a NOT c) OR (b NOT c)`). Each clause is one piece of
/// evidence, and only clauses whose words occur in a text are evaluated.
pub fn clauses(node: Node) -> Vec<Node> {
    match node {
        Node::Or(items) => items.into_iter().flat_map(clauses).collect(),
        Node::Not(pos, neg) => clauses(*pos)
            .into_iter()
            .map(|c| Node::Not(Box::new(c), neg.clone()))
            .collect(),
        other => vec![other],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ph(words: &[&str]) -> Node {
        Node::Phrase(words.iter().map(|w| Pattern::Exact((*w).into())).collect())
    }

    #[test]
    fn precedence_or_below_and_below_near() {
        let n = parse(r#"("poverty") W/3 ("end" OR "reduc*") OR ("poverty line")"#).unwrap();
        let Node::Or(items) = n else {
            panic!("expected OR")
        };
        assert!(matches!(
            items[0],
            Node::Near {
                dist: 3,
                ordered: false,
                ..
            }
        ));
        assert_eq!(items[1], ph(&["poverty", "line"]));
    }

    #[test]
    fn braces_angles_and_not() {
        let n = parse("( {food producer} AND <poor> ) NOT biofuel").unwrap();
        let want = Node::Not(
            Box::new(Node::And(vec![ph(&["food", "producer"]), ph(&["poor"])])),
            Box::new(ph(&["biofuel"])),
        );
        assert_eq!(n, want);
    }

    #[test]
    fn wildcards_and_missing_space() {
        let n = parse(r#""socio-economic*"OR "urbani?ation""#).unwrap();
        let Node::Or(items) = n else {
            panic!("expected OR")
        };
        assert_eq!(
            items[0],
            Node::Phrase(vec![
                Pattern::Exact("socio".into()),
                Pattern::Prefix("economic".into())
            ])
        );
        assert_eq!(
            items[1],
            Node::Phrase(vec![Pattern::Glob("urbani?ation".into())])
        );
    }

    #[test]
    fn clauses_distribute_not() {
        let n = parse("(a OR b) AND NOT c").unwrap();
        let cs = clauses(n);
        assert_eq!(cs.len(), 2);
        assert_eq!(cs[1], Node::Not(Box::new(ph(&["b"])), Box::new(ph(&["c"]))));
    }

    #[test]
    fn unbalanced_is_an_error() {
        assert!(parse("(a OR b").is_err());
    }
}
