#include "contact/knowledge_gaps.hpp"

#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

#include "callbacks/scrub.hpp"
#include "common/tenant_key.hpp"
#include "routing/text.hpp"

namespace advieslijn::contact {
namespace {

using nlohmann::json;

std::string day_key(const std::string& tenant, const std::string& date) {
    return tenant_key("kb", tenant) + "gaps:" + date;
}

// KEYS[1] the day's hash. ARGV: conversation, masked text, the entry as JSON (without
// sources), source, expiry (unix ms), the day's cap. A known question gains the source; a new
// one is added while the day has room, else counted as dropped.
const RedisScript& record_script() {
    static const RedisScript script(R"(
local id = redis.sha1hex(ARGV[1] .. '\n' .. ARGV[2])
local known = redis.call('HGET', KEYS[1], id)
if known then
  local e = cjson.decode(known)
  for _, s in ipairs(e.sources) do
    if s == ARGV[4] then return 0 end
  end
  table.insert(e.sources, ARGV[4])
  redis.call('HSET', KEYS[1], id, cjson.encode(e))
  return 1
end
if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[6]) then
  redis.call('HINCRBY', KEYS[1], '#dropped', 1)
else
  local e = cjson.decode(ARGV[3])
  e.sources = {ARGV[4]}
  redis.call('HSET', KEYS[1], id, cjson.encode(e))
end
redis.call('PEXPIREAT', KEYS[1], ARGV[5])
return 1
)");
    return script;
}

// KEYS: the days' hashes. Returns {dropped, entry, entry, …}.
const RedisScript& read_script() {
    static const RedisScript script(R"(
local out = {0}
for _, k in ipairs(KEYS) do
  local all = redis.call('HGETALL', k)
  for i = 1, #all, 2 do
    if all[i] == '#dropped' then
      out[1] = out[1] + tonumber(all[i + 1])
    else
      table.insert(out, all[i + 1])
    end
  end
end
return out
)");
    return script;
}

std::optional<GapEntry> parse_entry(const std::string& stored) {
    const json j = json::parse(stored, nullptr, false);
    if (!j.is_object() || !j.contains("at") || !j["at"].is_number()) return std::nullopt;
    GapEntry e;
    e.at = TimePoint(std::chrono::milliseconds(j["at"].get<long long>()));
    e.lang = j.value("lang", "");
    e.channel = j.value("channel", "");
    e.text = j.value("text", "");
    if (j.contains("sources") && j["sources"].is_array())
        for (const auto& s : j["sources"])
            if (s.is_string()) e.sources.push_back(s.get<std::string>());
    return e;
}

}  // namespace

std::string mask_question(std::string_view question) {
    const std::string masked = callbacks::scrub_personal_data(question);
    std::string out;
    for (std::size_t i = 0; i < masked.size(); ++i) {
        const auto c = static_cast<unsigned char>(masked[i]);
        // Control characters (C0, DEL, and C1 as UTF-8 C2 80..9F) become spaces: the report is
        // printed on editors' terminals, where an escape sequence must not arrive.
        const bool c1 = c == 0xC2 && i + 1 < masked.size() &&
                        static_cast<unsigned char>(masked[i + 1]) >= 0x80 &&
                        static_cast<unsigned char>(masked[i + 1]) <= 0x9F;
        const bool space = c <= 0x20 || c == 0x7F || c1;
        if (c1) ++i;
        if (space && (out.empty() || out.back() == ' ')) continue;
        out += space ? ' ' : masked[i];
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return routing::utf8_prefix(out, max_gap_text_bytes);
}

std::vector<RedisCall> KnowledgeGaps::writes(const std::vector<routing::KnowledgeGap>& gaps,
                                             const std::string& conversation) const {
    std::vector<RedisCall> out;
    for (const auto& gap : gaps) {
        std::string text = mask_question(gap.question);
        if (text.empty() || gap.tenant_id.empty()) continue;
        const TimePoint now = clock_.now();
        const TimePoint expires = callbacks::start_of_day_netherlands(now) + std::chrono::days(1) +
                                  std::chrono::days(settings_.retention_days_for(gap.tenant_id));
        const json entry = {{"at", unix_ms(now)},
                            {"lang", gap.lang},
                            {"channel", routing::to_string(gap.channel)},
                            {"text", text}};
        std::vector<std::string> keys{day_key(gap.tenant_id, callbacks::date_netherlands(now))};
        std::vector<std::string> args{conversation,
                                      std::move(text),
                                      entry.dump(),
                                      std::string(routing::to_string(gap.source)),
                                      std::to_string(unix_ms(expires)),
                                      std::to_string(settings_.max_per_day)};
        out.push_back(RedisCall::eval(record_script(), std::move(keys), std::move(args)));
    }
    return out;
}

asio::awaitable<bool> KnowledgeGaps::record(const routing::KnowledgeGap& gap,
                                            const std::string& conversation) {
    std::vector<routing::KnowledgeGap> gaps{gap};
    const auto results = co_await redis_.batch(writes(gaps, conversation));
    co_return std::all_of(results.begin(), results.end(), [](const RedisResult& r) { return r.ok(); });
}

asio::awaitable<void> KnowledgeGaps::record(const std::vector<routing::KnowledgeGap>& gaps,
                                            const std::string& conversation) {
    co_await redis_.batch(writes(gaps, conversation));
}

asio::awaitable<std::optional<GapReport>> KnowledgeGaps::report(const std::string& tenant,
                                                                GapPeriod period,
                                                                std::size_t max_groups) {
    const TimePoint now = clock_.now();
    // Days beyond the retention limit are gone (or about to be): not read.
    const int retention_days = settings_.retention_days_for(tenant);
    const auto kept = callbacks::dates_netherlands(now, retention_days + 1);
    std::vector<std::string> keys;
    for (const auto& d : period.dates)
        if (d >= kept.front()) keys.push_back(day_key(tenant, d));
    std::vector<std::string> args;
    RedisResult r = co_await redis_.eval(read_script(), std::move(keys), std::move(args));
    if (!r.ok() || r.reply.type != RedisReply::Type::array) co_return std::nullopt;
    std::vector<GapEntry> entries;
    long long dropped = 0;
    for (std::size_t i = 0; i < r.reply.elements.size(); ++i) {
        const RedisReply& el = r.reply.elements[i];
        if (i == 0) {
            dropped = el.integer;
        } else if (auto e = parse_entry(el.str)) {
            entries.push_back(std::move(*e));
        }
    }
    const TimePoint oldest = now - std::chrono::days(retention_days);
    GapReport out = build_gap_report(tenant, entries, period, oldest, max_groups);
    out.dropped = dropped;
    co_return out;
}

}  // namespace advieslijn::contact
