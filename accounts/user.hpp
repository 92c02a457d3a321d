#pragma once
// The user model: accounts of specialists, supervisors and admins, and their checks. Pure:
// no Redis, no I/O.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace advieslijn::accounts {

// Ordered: each role may do everything the roles before it may.
enum class Role { specialist = 0, supervisor = 1, admin = 2 };
const char* to_string(Role r);
std::optional<Role> parse_role(std::string_view s);

struct User {
    std::string username;
    std::string name;
    Role role = Role::specialist;
    std::vector<std::string> tenants;
    bool disabled = false;
    bool in_tenant(std::string_view tenant) const;
    bool at_least(Role r) const { return static_cast<int>(role) >= static_cast<int>(r); }
};

// Usernames: 1-64 of a-z, 0-9, '.', '_', '-'. Passwords: 10-1024 bytes.
std::optional<std::string> check_username(std::string_view u);
std::optional<std::string> check_password(std::string_view p);
// Everything add_user checks before hashing (the name and password above, reserved names,
// at least one tenant, the display name's length), in that order; nullopt when it may go on.
std::optional<std::string> check_new_user(const User& user, std::string_view password);

// "a,b,,c" -> {"a","b","c"}; join_list is the inverse (without the empty items).
std::vector<std::string> split_list(const std::string& s);
std::string join_list(const std::vector<std::string>& v);

// A user from the fields of its Redis hash; nullopt when the role is missing or unknown.
std::optional<User> user_from_fields(const std::string& username,
                                     const std::map<std::string, std::string>& fields);

}  // namespace advieslijn::accounts
