#include "routing/answer_cache.hpp"

#include <sodium.h>

#include <cstring>
#include <stdexcept>
#include <string>

#include "routing/text.hpp"

namespace advieslijn::routing {

AnswerCache::AnswerCache(std::size_t capacity) : capacity_(capacity) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    static_assert(sizeof secret_ == crypto_shorthash_siphashx24_KEYBYTES);
    randombytes_buf(secret_, sizeof secret_);
    index_.reserve(capacity_);
}

namespace {

// Appends same_question(text) to out, without a string of its own (a key is made per message).
void append_same_question(std::string& out, std::string_view text) {
    const auto blank = [](char c) { return c == ' ' || c == '\t'; };
    while (!text.empty() && blank(text.front())) text.remove_prefix(1);
    while (!text.empty() && blank(text.back())) text.remove_suffix(1);
    const std::size_t from = out.size();
    out.append(text);
    for (std::size_t i = from; i < out.size(); ++i)
        if (out[i] >= 'A' && out[i] <= 'Z') out[i] = static_cast<char>(out[i] - 'A' + 'a');
}

}  // namespace

std::string AnswerCache::same_question(std::string_view text) {
    std::string out;
    append_same_question(out, text);
    return out;
}

AnswerCache::Key AnswerCache::key(std::string_view tenant, Channel channel, std::string_view lang,
                                  std::string_view text) const {
    // Fields separated by a NUL, which none of them contains before the text.
    std::string input;
    input.reserve(tenant.size() + lang.size() + text.size() + 8);
    input.append(tenant).push_back('\0');
    input.append(to_string(channel)).push_back('\0');
    input.append(lang).push_back('\0');
    append_same_question(input, text);
    unsigned char out[crypto_shorthash_siphashx24_BYTES];
    static_assert(sizeof out == 2 * sizeof(std::uint64_t));
    crypto_shorthash_siphashx24(out, reinterpret_cast<const unsigned char*>(input.data()), input.size(),
                                secret_);
    Key k;
    std::memcpy(&k.high, out, sizeof k.high);
    std::memcpy(&k.low, out + sizeof k.high, sizeof k.low);
    return k;
}

std::shared_ptr<const Decision> AnswerCache::find(const Key& key) {
    if (!enabled()) return nullptr;
    std::shared_ptr<const Decision> found;
    {
        std::lock_guard lock(mutex_);
        if (auto it = index_.find(key); it != index_.end()) {
            order_.splice(order_.begin(), order_, it->second);
            found = it->second->second;
        }
    }
    (found ? hits_ : misses_).fetch_add(1, std::memory_order_relaxed);
    return found;
}

void AnswerCache::store(std::uint64_t generation, const Key& key, Decision decision) {
    if (!enabled()) return;
    auto kept = std::make_shared<const Decision>(std::move(decision));
    std::shared_ptr<const Decision> dropped;  // freed after the lock is let go
    std::lock_guard lock(mutex_);
    if (generation != generation_.load(std::memory_order_relaxed)) return;
    if (auto it = index_.find(key); it != index_.end()) {
        // Two threads routed the same question at once: the same decision, keep the first.
        return;
    }
    if (index_.size() >= capacity_) {
        dropped = std::move(order_.back().second);
        index_.erase(order_.back().first);
        order_.pop_back();
    }
    order_.emplace_front(key, std::move(kept));
    index_.emplace(key, order_.begin());
}

void AnswerCache::clear() {
    std::list<Entry> dropped;
    {
        std::lock_guard lock(mutex_);
        generation_.fetch_add(1, std::memory_order_release);
        index_.clear();
        dropped.swap(order_);
    }
}

AnswerCache::Figures AnswerCache::figures() const {
    Figures f;
    f.hits = hits_.load(std::memory_order_relaxed);
    f.misses = misses_.load(std::memory_order_relaxed);
    f.capacity = capacity_;
    std::lock_guard lock(mutex_);
    f.entries = index_.size();
    return f;
}

Decision route(const RiskDetector& risk, const KbSearch& kb, const Tenant& tenant, Channel channel,
               std::string_view lang, std::string_view text, AnswerCache* cache) {
    if (!cache || !cache->enabled()) return route(risk, kb, tenant, channel, lang, text);
    const std::string capped = utf8_prefix(text, max_question_bytes);
    const AnswerCache::Key key = cache->key(tenant.id, channel, lang, capped);
    if (auto kept = cache->find(key)) return *kept;
    const std::uint64_t generation = cache->generation();  // before the knowledge base is read
    bool without_signal = false;
    Decision d = route(risk, kb, tenant, channel, lang, capped, without_signal);
    if (without_signal) cache->store(generation, key, d);
    return d;
}

}  // namespace advieslijn::routing
