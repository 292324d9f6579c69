//! The text analyzer shared by indexing and querying: jieba segmentation in search
//! mode, punctuation dropped, Latin lower-cased.
//!
//! Why search mode: jieba's default mode gives one segmentation per sentence, so
//! `地区生产总值` may be indexed as `地区 / 生产总值` and a search for `生产` would miss it.
//! Search mode also emits the dictionary words inside a long word (`生产`, `总值`,
//! `生产总值`), which is what a person typing a part of a term expects.
//!
//! Why HMM off: the HMM guesses new words from context, so the same characters can be
//! segmented one way in a query and another way in a sentence (a place name run
//! together with the next character). Without it, segmentation is dictionary-driven
//! and a query's words are found inside the text's words more reliably.
//!
//! Queries are segmented in jieba's default mode (one word per span, no sub-words),
//! the usual split for Chinese search (index fine-grained, query coarse: ik_max_word /
//! ik_smart in Elasticsearch). The index holds every word of the default segmentation
//! too, at the same positions, so a query word is found; and `吉林市` stays one term
//! instead of a phrase of 吉林 and 吉林市 at one position, which would make a frequent
//! word a slow phrase query.
//!
//! Positions are jieba's character offsets (not token ordinals), so the overlapping
//! words of search mode keep consistent distances: a multi-word query such as
//! `冰雪产业` becomes a phrase query whose word distances are those of the same
//! characters in the text.

use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer};
use tantivy_jieba::JiebaTokenizer;

/// The name under which the analyzer is registered in each index.
pub const ANALYZER: &str = "lantu_jieba";

/// Words longer than this (in bytes) are not indexed: they are converter debris
/// (long digit runs, URLs), never something a person searches for.
const MAX_WORD_BYTES: usize = 60;

/// The analyzer of indexed text: search mode (every dictionary word inside a word too).
pub fn analyzer() -> TextAnalyzer {
    build(JiebaTokenizer::with_hmm(false))
}

/// The analyzer of queries: default mode (the coarse words only).
pub fn query_analyzer() -> TextAnalyzer {
    let mut jieba = JiebaTokenizer::with_search_mode(false);
    jieba.set_hmm(false);
    build(jieba)
}

fn build(jieba: JiebaTokenizer) -> TextAnalyzer {
    TextAnalyzer::builder(jieba).filter(WordsOnly).filter(LowerCaser).filter(RemoveLongFilter::limit(MAX_WORD_BYTES)).build()
}

/// Drops tokens that hold no letter, CJK character or digit: jieba emits every
/// punctuation mark and space as a token of its own, and indexing them would make a
/// stray `，` in a query a required word.
#[derive(Clone)]
pub struct WordsOnly;

impl TokenFilter for WordsOnly {
    type Tokenizer<T: Tokenizer> = WordsOnlyTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> WordsOnlyTokenizer<T> {
        WordsOnlyTokenizer { inner: tokenizer }
    }
}

#[derive(Clone)]
pub struct WordsOnlyTokenizer<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for WordsOnlyTokenizer<T> {
    type TokenStream<'a> = WordsOnlyStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        WordsOnlyStream { tail: self.inner.token_stream(text) }
    }
}

pub struct WordsOnlyStream<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for WordsOnlyStream<T> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            if self.tail.token().text.chars().any(char::is_alphanumeric) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, usize)> {
        words_of(analyzer(), text)
    }

    fn words_of(mut analyzer: TextAnalyzer, text: &str) -> Vec<(String, usize)> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.position));
        }
        out
    }

    #[test]
    fn drops_punctuation_and_lowercases_latin() {
        let w = words("推动GDP增长，“冰雪”产业。");
        let texts: Vec<&str> = w.iter().map(|(t, _)| t.as_str()).collect();
        assert!(texts.contains(&"gdp"), "{texts:?}");
        assert!(texts.contains(&"冰雪"), "{texts:?}");
        assert!(texts.iter().all(|t| t.chars().any(char::is_alphanumeric)), "{texts:?}");
    }

    #[test]
    fn search_mode_emits_the_words_inside_a_long_word() {
        let w = words("地区生产总值");
        let texts: Vec<&str> = w.iter().map(|(t, _)| t.as_str()).collect();
        assert!(texts.contains(&"生产"), "{texts:?}");
        assert!(texts.contains(&"生产总值"), "{texts:?}");
    }

    #[test]
    fn query_words_are_found_among_the_indexed_words_at_their_positions() {
        for text in ["吉林市地区生产总值翻一番", "发展冰雪产业", "推动高质量发展", "办好民生实事"] {
            let indexed = words(text);
            for word in words_of(query_analyzer(), text) {
                assert!(indexed.contains(&word), "{word:?} of {text} not in {indexed:?}");
            }
        }
        let q = words_of(query_analyzer(), "吉林市");
        assert_eq!(q, vec![("吉林市".to_string(), 0)]);
    }

    #[test]
    fn positions_are_character_offsets() {
        let w = words("发展冰雪产业");
        let pos = |word: &str| w.iter().find(|(t, _)| t == word).map(|(_, p)| *p);
        assert_eq!(pos("冰雪"), Some(2), "{w:?}");
        assert_eq!(pos("产业"), Some(4), "{w:?}");
    }
}
