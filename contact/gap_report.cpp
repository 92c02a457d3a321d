#include "contact/gap_report.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "knowledge-base/text.hpp"

namespace advieslijn::contact {
namespace {

// What the masking leaves in a text ("[phone]"): not words of the question.
std::string without_placeholders(std::string_view text) {
    std::string out(text);
    for (const std::string_view p : {"[phone]", "[email]", "[postcode]", "[address]", "[name]"})
        for (auto at = out.find(p); at != std::string::npos; at = out.find(p, at))
            out.replace(at, p.size(), " ");
    return out;
}

// How to reach the person ("bel me op [phone]", "mail [email]"): not what the question is about.
bool contact_word(std::string_view w) {
    for (const std::string_view c : {"bel", "bellen", "terugbellen", "mail", "mailen", "email",
                                     "telefoon", "telefoonnummer", "nummer", "postcode", "adres",
                                     "call", "phone", "number", "address"})
        if (w == c) return true;
    return false;
}

std::vector<std::string> content_words(std::string_view lang, std::string_view text) {
    std::vector<std::string> out;
    for (auto& w : kb::tokenize(without_placeholders(text)))
        if (!kb::is_stop_word(lang, w) && !contact_word(w)) out.push_back(std::move(w));
    return out;
}

// Other stems a Dutch word may stand for, tried in order: the verb without its -t
// ("slaapt" -> slaap), the participle without ge- ("geslapen" -> slapen).
std::vector<std::string> dutch_alternatives(const std::string& w) {
    std::vector<std::string> out;
    if (w.size() >= 5 && w.back() == 't') out.push_back(kb::stem("nl", w.substr(0, w.size() - 1)));
    if (w.size() >= 6 && w.rfind("ge", 0) == 0) {
        out.push_back(kb::stem("nl", w.substr(2)));
        if (w.back() == 't') out.push_back(kb::stem("nl", w.substr(2, w.size() - 3)));
    }
    return out;
}

// At least half of all their stems shared (Jaccard >= 0.5): "kinderopvangtoeslag vraag" and
// "aanvrag kinderopvangtoeslag vraag" are one question; "baby slap" and "baby huil" are not.
bool similar_stems(std::string_view a, std::string_view b) {
    if (a == b) return true;
    const auto a_words = kb::tokenize(a), b_words = kb::tokenize(b);  // a key's stems, folded
    const std::set<std::string> x(a_words.begin(), a_words.end()), y(b_words.begin(), b_words.end());
    std::size_t shared = 0;
    for (const auto& w : x) shared += y.count(w);
    const std::size_t all = x.size() + y.size() - shared;
    return all > 0 && 2 * shared >= all;
}

std::string week_of(TimePoint at) {
    return callbacks::iso_week_netherlands(at).name;
}

}  // namespace

GapPeriod gap_period_weeks(TimePoint now, int weeks) {
    GapPeriod p;
    p.weeks = callbacks::iso_weeks_netherlands(now, weeks);
    p.dates = callbacks::dates_netherlands(now, 7 * weeks);  // the first week's Monday and more
    return p;
}

GapPeriod gap_period_days(TimePoint now, int days) {
    GapPeriod p;
    p.from = now - std::chrono::days(days);
    p.dates = callbacks::dates_netherlands(now, days + 1);
    const std::string first = week_of(*p.from);
    for (int n = 1; n <= max_gap_weeks + 2; ++n) {
        p.weeks = callbacks::iso_weeks_netherlands(now, n);
        if (p.weeks.front().name == first) break;
    }
    return p;
}

std::vector<std::string> gap_group_keys(const std::vector<std::pair<std::string, std::string>>& lang_texts) {
    std::vector<std::vector<std::string>> words;
    std::map<std::string, std::set<std::string>> vocabulary;  // by language: plain stems
    for (const auto& [lang, text] : lang_texts) {
        words.push_back(content_words(lang, text));
        for (const auto& w : words.back()) vocabulary[lang].insert(kb::stem(lang, w));
    }
    std::vector<std::string> keys;
    for (std::size_t i = 0; i < lang_texts.size(); ++i) {
        const std::string& lang = lang_texts[i].first;
        std::set<std::string> stems;
        for (const auto& w : words[i]) {
            std::string s = kb::stem(lang, w);
            if (lang == "nl") {
                for (auto& alt : dutch_alternatives(w)) {
                    if (alt != s && vocabulary[lang].count(alt)) {
                        s = std::move(alt);
                        break;
                    }
                }
            }
            stems.insert(std::move(s));
        }
        std::string key;
        for (const auto& s : stems) key += (key.empty() ? "" : " ") + s;
        if (key.empty()) {
            // Only stop words ("kunnen jullie helpen?"): the folded words themselves.
            for (const auto& w : kb::tokenize(without_placeholders(lang_texts[i].second)))
                key += (key.empty() ? "" : " ") + w;
        }
        keys.push_back(std::move(key));
    }
    return keys;
}

GapReport build_gap_report(std::string tenant, const std::vector<GapEntry>& all,
                           const GapPeriod& period, TimePoint oldest, std::size_t max_groups) {
    GapReport r;
    r.tenant = std::move(tenant);
    r.weeks = period.weeks;
    r.week_totals.assign(r.weeks.size(), 0);
    std::unordered_map<std::string, std::size_t> week_index;
    for (std::size_t i = 0; i < r.weeks.size(); ++i) week_index.emplace(r.weeks[i].name, i);

    std::vector<const GapEntry*> entries;
    for (const auto& e : all) {
        if (e.at < oldest || (period.from && e.at < *period.from)) continue;
        if (!week_index.count(week_of(e.at))) continue;
        entries.push_back(&e);
    }
    // Newest first, so each group's examples are its latest questions.
    std::stable_sort(entries.begin(), entries.end(),
                     [](const GapEntry* a, const GapEntry* b) { return a->at > b->at; });
    std::vector<std::pair<std::string, std::string>> texts;
    for (const auto* e : entries) texts.emplace_back(e->lang, e->text);
    const auto keys = gap_group_keys(texts);

    // Questions with the same stems, then those groups merged into a larger one whose stems
    // they mostly share (compared with the larger group's own stems, so nothing chains).
    std::map<std::pair<std::string, std::string>, std::vector<std::size_t>> same;
    for (std::size_t i = 0; i < entries.size(); ++i) same[{entries[i]->lang, keys[i]}].push_back(i);
    std::vector<const std::pair<const std::pair<std::string, std::string>, std::vector<std::size_t>>*> by_size;
    for (const auto& kv : same) by_size.push_back(&kv);
    std::stable_sort(by_size.begin(), by_size.end(),
                     [](const auto* a, const auto* b) { return a->second.size() > b->second.size(); });
    std::vector<GapGroup> groups;
    std::vector<std::size_t> group_of(entries.size());
    for (const auto* kv : by_size) {
        const auto& [lang, key] = kv->first;
        std::size_t g = 0;
        while (g < groups.size() && !(groups[g].lang == lang && similar_stems(groups[g].key, key))) ++g;
        if (g == groups.size()) {
            GapGroup fresh;
            fresh.lang = lang;
            fresh.key = key;
            fresh.per_week.assign(r.weeks.size(), 0);
            groups.push_back(std::move(fresh));
        }
        for (const std::size_t i : kv->second) group_of[i] = g;
    }
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const GapEntry& e = *entries[i];
        GapGroup& g = groups[group_of[i]];
        const std::size_t w = week_index.at(week_of(e.at));
        ++g.count;
        ++g.per_week[w];
        ++r.week_totals[w];
        ++r.total;
        for (const auto& s : e.sources) ++g.sources[s];
        ++g.channels[e.channel];
        if (g.examples.size() < max_examples &&
            std::find(g.examples.begin(), g.examples.end(), e.text) == g.examples.end())
            g.examples.push_back(e.text);
    }
    r.groups = std::move(groups);
    std::stable_sort(r.groups.begin(), r.groups.end(), [](const GapGroup& a, const GapGroup& b) {
        return a.count > b.count;
    });
    r.group_count = r.groups.size();
    if (r.groups.size() > max_groups) r.groups.resize(max_groups);
    return r;
}

nlohmann::json to_json(const GapReport& r) {
    using nlohmann::json;
    json weeks = json::array();
    for (std::size_t i = 0; i < r.weeks.size(); ++i)
        weeks.push_back({{"week", r.weeks[i].name}, {"monday", r.weeks[i].monday}, {"count", r.week_totals[i]}});
    json groups = json::array();
    for (const auto& g : r.groups)
        groups.push_back({{"lang", g.lang},
                          {"key", g.key},
                          {"count", g.count},
                          {"per_week", g.per_week},
                          {"sources", g.sources},
                          {"channels", g.channels},
                          {"examples", g.examples}});
    return {{"tenant", r.tenant},     {"weeks", std::move(weeks)},      {"total", r.total},
            {"dropped", r.dropped},   {"group_count", r.group_count}, {"groups", std::move(groups)}};
}

std::string to_text(const GapReport& r) {
    std::string out = fmt::format("Knowledge gaps for tenant {}: {} questions in {} groups", r.tenant,
                                  r.total, r.group_count);
    if (!r.weeks.empty())
        out += fmt::format(", {} to {}", r.weeks.front().name, r.weeks.back().name);
    out += "\n";
    if (r.dropped > 0)
        out += fmt::format("({} more questions were not stored: a day's limit was reached)\n", r.dropped);
    out += "weeks:";
    for (std::size_t i = 0; i < r.weeks.size(); ++i)
        out += fmt::format(" {} {}", r.weeks[i].name, r.week_totals[i]);
    out += "\n";
    for (const auto& g : r.groups) {
        out += fmt::format("\n{} [{}] {}\n  per week:", g.count, g.lang, g.key);
        for (std::size_t i = 0; i < r.weeks.size(); ++i)
            if (g.per_week[i] > 0) out += fmt::format(" {} {}", r.weeks[i].name, g.per_week[i]);
        out += "\n  sources:";
        for (const auto& [s, n] : g.sources) out += fmt::format(" {} {}", s, n);
        out += "  channels:";
        for (const auto& [c, n] : g.channels) out += fmt::format(" {} {}", c, n);
        out += "\n";
        for (const auto& e : g.examples) out += fmt::format("  - {}\n", e);
    }
    if (r.groups.size() < r.group_count)
        out += fmt::format("\n({} smaller groups not shown)\n", r.group_count - r.groups.size());
    return out;
}

}  // namespace advieslijn::contact
