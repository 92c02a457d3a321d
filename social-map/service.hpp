#pragma once
// One service of a tenant's digital social map (docs/social-map.md): the file format and its
// validation. Pure: no I/O.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/file_problem.hpp"

namespace advieslijn::social_map {

// Ages as the line counts them: -1 is pregnancy, then 0 (a baby) to 23.
inline constexpr int pregnancy = -1;
inline constexpr int max_age = 23;

// A PC4 range, both ends inclusive ("9990-9994" or one code "9991").
struct PostcodeRange {
    int from = 0;
    int to = 0;
    bool contains(int pc4) const { return pc4 >= from && pc4 <= to; }
};

struct Neighbourhood {
    std::string name;
    std::vector<PostcodeRange> postcodes;
};

struct Municipality {
    std::string name;
    std::vector<PostcodeRange> postcodes;
    std::vector<Neighbourhood> neighbourhoods;
};

// Where a service works: whole municipalities, named neighbourhoods (of areas.json), or
// postcodes.
struct ServiceArea {
    std::vector<std::string> municipalities;
    std::vector<std::string> neighbourhoods;
    std::vector<PostcodeRange> postcodes;
};

struct Contact {
    std::string phone;  // E.164, a number a family may ring; empty: none
    std::string website;
    std::string email;
    std::string address;
};

struct Service {
    std::string id;
    std::string name;
    std::string description;
    std::vector<std::string> topics;  // the articles' topics ("slapen", "sleep")
    std::vector<std::string> risks;   // risk categories (common/risk_categories.hpp)
    int age_from = pregnancy;
    int age_to = max_age;
    ServiceArea area;
    Contact contact;
    // "24/7", or per day ("mo".."su") a list of "HH:MM-HH:MM"; empty: not given.
    std::string always_open;  // "24/7" or empty
    std::vector<std::pair<std::string, std::vector<std::string>>> opening_hours;
    std::vector<std::string> languages;  // ISO 639; default {"nl"}
    std::string costs;                   // free, paid, insured, varies
    std::string costs_note;
    bool referral = false;  // a referral (huisarts, wijkteam) is needed
    std::string file;       // where it was read, for messages
};

// One thing wrong with a map. Empty parts are unknown or not applicable.
using Problem = FileProblem;

// "FILE: service 'ID': field 'FIELD': MESSAGE" (the `map check` line).
std::string to_string(const Problem& p);

// "9991", "9991AB", "9991 ab" -> 9991; nullopt for anything else (PC4 is 1000-9999).
std::optional<int> parse_postcode(std::string_view text);
// "9990-9994" or "9991"; nullopt when malformed or reversed.
std::optional<PostcodeRange> parse_postcode_range(std::string_view text);

// Parses one file's text (a service object or an array of them). Every problem is appended;
// services with problems are left out.
std::vector<Service> parse_services(std::string_view json_text, const std::string& file,
                                    std::vector<Problem>& problems);

// areas.json: {"municipalities": [{"name", "postcodes", "neighbourhoods"?: [{"name", "postcodes"}]}]}
std::vector<Municipality> parse_areas(std::string_view json_text, const std::string& file,
                                      std::vector<Problem>& problems);

}  // namespace advieslijn::social_map
