#include "accounts/user.hpp"

#include <algorithm>

namespace advieslijn::accounts {

const char* to_string(Role r) {
    switch (r) {
        case Role::specialist:
            return "specialist";
        case Role::supervisor:
            return "supervisor";
        case Role::admin:
            return "admin";
    }
    return "specialist";
}

std::optional<Role> parse_role(std::string_view s) {
    if (s == "specialist") return Role::specialist;
    if (s == "supervisor") return Role::supervisor;
    if (s == "admin") return Role::admin;
    return std::nullopt;
}

bool User::in_tenant(std::string_view tenant) const {
    return std::find(tenants.begin(), tenants.end(), tenant) != tenants.end();
}

std::optional<std::string> check_username(std::string_view u) {
    if (u.empty() || u.size() > 64) return "username must be 1 to 64 characters";
    for (char c : u)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return "username may only hold a-z, 0-9, '.', '_' and '-'";
    return std::nullopt;
}

std::optional<std::string> check_password(std::string_view p) {
    if (p.size() < 10) return "password must be at least 10 characters";
    if (p.size() > 1024) return "password must be at most 1024 bytes";
    return std::nullopt;
}

std::optional<std::string> check_new_user(const User& user, std::string_view password) {
    if (auto e = check_username(user.username)) return e;
    // Task history and the consoles use these names for the line's own entries.
    if (user.username == "system" || user.username == "caller")
        return "username '" + user.username + "' is reserved for the line itself";
    if (auto e = check_password(password)) return e;
    if (user.tenants.empty()) return "a user needs at least one tenant";
    if (user.name.size() > 200) return "name is longer than 200 bytes";
    return std::nullopt;
}

std::vector<std::string> split_list(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        const auto end = std::min(s.find(',', start), s.size());
        if (end > start) out.push_back(s.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

std::string join_list(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
    return out;
}

std::optional<User> user_from_fields(const std::string& username,
                                     const std::map<std::string, std::string>& f) {
    auto role = f.count("role") ? parse_role(f.at("role")) : std::nullopt;
    if (!role) return std::nullopt;
    User u;
    u.username = username;
    u.name = f.count("name") ? f.at("name") : "";
    u.role = *role;
    u.tenants = split_list(f.count("tenants") ? f.at("tenants") : "");
    u.disabled = f.count("disabled") && f.at("disabled") == "1";
    return u;
}

}  // namespace advieslijn::accounts
