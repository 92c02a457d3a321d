#pragma once
// Decisions for everyday questions, kept so that the same question asked again is not triaged
// and searched again (issue 19: the risk triage and the knowledge base are about a quarter of
// the CPU of a voice step or chat message). A decision depends only on the tenant, the
// channel, the language, the text and the loaded data, so the same inputs give the same
// decision; the cache only saves the work.
//
// Safety and privacy by construction:
// - Only decisions without any risk signal are kept: no phrase match (negated or not), no calm
//   context, no classifier flag, no crisis article. A message with a signal is triaged afresh
//   every time, and its text never reaches the cache.
// - The cache holds no text. Its key is a 128-bit keyed hash (SipHash-128, libsodium) of the
//   tenant, channel, language and text (its case and surrounding spaces set aside:
//   same_question()), with a random key per process: no one can compute or provoke a
//   collision, and a chance one is about one in 2^128 per lookup.
// - The knowledge base reloads while the line runs: clear() after a reload drops every entry,
//   and a decision computed against the old articles is not stored once clear() has run
//   (generation()).
//
// Bounded (least recently used is dropped first) and shared by the I/O threads under one mutex
// held for a map lookup; the decision is copied outside it.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "routing/decision.hpp"

namespace advieslijn::routing {

class AnswerCache {
  public:
    struct Key {
        std::uint64_t high = 0, low = 0;
        bool operator==(const Key&) const = default;
    };
    struct Figures {
        std::uint64_t hits = 0, misses = 0;
        std::size_t entries = 0, capacity = 0;
    };

    // capacity 0: nothing is kept (every question is triaged and searched).
    explicit AnswerCache(std::size_t capacity);

    bool enabled() const { return capacity_ > 0; }
    // The text is keyed as same_question() gives it: "Mijn baby slaapt niet" and "mijn baby
    // slaapt niet " share an entry.
    Key key(std::string_view tenant, Channel channel, std::string_view lang, std::string_view text) const;
    // The text with A-Z lowered and the spaces and tabs around it dropped. Both layers of the
    // triage and the knowledge base fold case before they read a word and split words on
    // spaces, so these variants get the same decision: a test routes every training and
    // evaluation message both ways against the shipped articles and compares
    // (tests/contact/answer_cache_keys_test.cpp). Punctuation and line breaks are kept: they
    // end clauses, and the triage's negation reads clauses.
    static std::string same_question(std::string_view text);

    // The kept decision, or null (counted as a hit or a miss).
    std::shared_ptr<const Decision> find(const Key& key);
    // Read before computing a decision and passed to store(): a clear() in between makes the
    // store a no-op, so a decision made against replaced data is never kept.
    std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
    void store(std::uint64_t generation, const Key& key, Decision decision);
    void clear();

    Figures figures() const;

  private:
    struct KeyHash {
        std::size_t operator()(const Key& k) const { return static_cast<std::size_t>(k.low); }
    };
    using Entry = std::pair<Key, std::shared_ptr<const Decision>>;

    const std::size_t capacity_;
    unsigned char secret_[16];
    std::atomic<std::uint64_t> generation_{0};
    std::atomic<std::uint64_t> hits_{0}, misses_{0};
    mutable std::mutex mutex_;
    std::list<Entry> order_;  // most recently used first
    std::unordered_map<Key, std::list<Entry>::iterator, KeyHash> index_;
};

// route() with the cache: a question asked before, without any risk signal then, gets the
// decision it got then; anything else is routed (and kept when it qualifies). `cache` may be
// null.
Decision route(const RiskDetector& risk, const KbSearch& kb, const Tenant& tenant, Channel channel,
               std::string_view lang, std::string_view text, AnswerCache* cache);

}  // namespace advieslijn::routing
