#pragma once
// The editors' knowledge-gap store (docs/knowledge-base.md, "Knowledge gaps"): the questions
// the knowledge base did not serve, on every channel, masked before they reach Redis, one hash
// per tenant and Dutch day:
//   kb:{<tenant>}:gaps:<YYYY-MM-DD>  field <SHA-1 of conversation and masked text> ->
//                                    {"at":ms,"lang","channel","sources":[…],"text"}
//                                    field "#dropped" -> questions beyond the day's cap
// The field makes one question count once per conversation however it reached us (`none`,
// then handed to a specialist: one entry with both sources). A day's key expires
// the tenant's retention (retention.knowledge_gap_days) after the day ended; a report never
// shows an older entry. Written and read here only (the Lua is in knowledge_gaps.cpp).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/config.hpp"
#include "common/redis_client.hpp"
#include "contact/gap_report.hpp"
#include "routing/effects.hpp"

namespace advieslijn::contact {

// At most this many bytes of a masked question are kept.
inline constexpr std::size_t max_gap_text_bytes = 500;

// The question as it is stored: personal data masked (callbacks/scrub.hpp: phone numbers,
// e-mail addresses, postcodes, street + number, names after "ik heet", "ik ben", "mijn zoon" …),
// control characters and white space collapsed to single spaces, capped at max_gap_text_bytes.
std::string mask_question(std::string_view question);

class KnowledgeGaps {
public:
    KnowledgeGaps(RedisClient& redis, Clock& clock, KnowledgeGapSettings settings)
        : redis_(redis), clock_(clock), settings_(settings) {}

    // Masks and stores one gap; `conversation` ("chat:<id>", "voice:<CallSid>", …) is only
    // hashed. False when Redis did not take it. Best effort for the callers: a gap that cannot
    // be written is not worth failing a contact for.
    asio::awaitable<bool> record(const routing::KnowledgeGap& gap, const std::string& conversation);
    asio::awaitable<void> record(const std::vector<routing::KnowledgeGap>& gaps,
                                 const std::string& conversation);
    // The writes of record(), for a caller that sends them with its own in one round trip
    // (RedisClient::batch); a gap with nothing to store has none.
    std::vector<RedisCall> writes(const std::vector<routing::KnowledgeGap>& gaps,
                                  const std::string& conversation) const;

    // The tenant's report for `period`; nullopt when Redis does not answer.
    asio::awaitable<std::optional<GapReport>> report(const std::string& tenant, GapPeriod period,
                                                     std::size_t max_groups);

    Clock& clock() { return clock_; }
    const KnowledgeGapSettings& settings() const { return settings_; }

private:
    RedisClient& redis_;
    Clock& clock_;
    KnowledgeGapSettings settings_;
};

}  // namespace advieslijn::contact
