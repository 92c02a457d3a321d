#include "callbacks/sla.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace advieslijn::callbacks {

SlaTimes sla_times(TimePoint created, Priority p, const SlaSettings& s) {
    const auto sla = p == Priority::urgent
                         ? std::chrono::duration_cast<TimePoint::duration>(s.urgent)
                         : std::chrono::duration_cast<TimePoint::duration>(s.normal);
    // A percent outside 1..99 would put at_risk before creation or after the breach.
    const int percent = std::clamp(s.at_risk_percent, 1, 99);
    SlaTimes t;
    t.due = created + sla;
    t.at_risk = created + sla * percent / 100;
    t.breach = t.due;
    t.second_level = t.breach + s.second_level_after_breach;
    return t;
}

double queue_score(Priority p, TimePoint due) {
    const int rank = p == Priority::urgent ? 0 : p == Priority::high ? 1 : 2;
    return rank * queue_band + static_cast<double>(to_ms(due));
}

namespace {
// 01:00 UTC on the last Sunday of `m` in year `y`.
std::chrono::sys_seconds last_sunday_0100(std::chrono::year y, std::chrono::month m) {
    using namespace std::chrono;
    const sys_days d{year_month_weekday_last{y, m, weekday_last{Sunday}}};
    return d + hours{1};
}

// The Dutch local calendar day containing `now`, and the UTC offset in force at `now`.
std::pair<std::chrono::sys_days, std::chrono::hours> local_day_netherlands(TimePoint now) {
    using namespace std::chrono;
    const auto secs = time_point_cast<seconds>(now);
    const year y = year_month_day{floor<days>(secs)}.year();
    const bool summer = secs >= last_sunday_0100(y, March) && secs < last_sunday_0100(y, October);
    const auto offset = hours{summer ? 2 : 1};
    return {floor<days>(secs + offset), offset};
}

std::string format_date(std::chrono::sys_days d) {
    const std::chrono::year_month_day ymd{d};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}
IsoWeek iso_week_of(std::chrono::sys_days d) {
    using namespace std::chrono;
    const unsigned iso_day = weekday{d}.iso_encoding();  // Monday 1 .. Sunday 7
    const sys_days monday = d - days{iso_day - 1};
    // The week belongs to the year of its Thursday.
    const year_month_day thursday{monday + days{3}};
    const sys_days first{thursday.year() / January / 1};
    const auto number = (sys_days{thursday} - first).count() / 7 + 1;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-W%02d", static_cast<int>(thursday.year()),
                  static_cast<int>(number));
    return {buf, format_date(monday)};
}
}  // namespace

TimePoint start_of_day_netherlands(TimePoint now) {
    using namespace std::chrono;
    const auto [local_midnight, offset] = local_day_netherlands(now);
    // Midnight local time is 22:00 or 23:00 UTC the day before; the offset at midnight is
    // the same as now except in the two switch-over nights, when an hour off is harmless
    // for a daily count.
    return time_point_cast<TimePoint::duration>(sys_seconds{local_midnight} - offset);
}

std::string date_netherlands(TimePoint now) {
    return format_date(local_day_netherlands(now).first);
}

int hour_netherlands(TimePoint now) {
    using namespace std::chrono;
    const auto [day, offset] = local_day_netherlands(now);
    const auto local = time_point_cast<seconds>(now) + offset;
    return static_cast<int>(floor<hours>(local - sys_seconds{day}).count());
}

DutchClock clock_netherlands(TimePoint now) {
    using namespace std::chrono;
    const auto [day, offset] = local_day_netherlands(now);
    const auto local = time_point_cast<seconds>(now) + offset;
    return {static_cast<int>(floor<minutes>(local - sys_seconds{day}).count()),
            static_cast<int>(weekday{day}.iso_encoding())};
}

std::vector<std::string> dates_netherlands(TimePoint now, int days) {
    const auto today = local_day_netherlands(now).first;
    std::vector<std::string> out;
    for (int i = days - 1; i >= 0; --i) out.push_back(format_date(today - std::chrono::days{i}));
    return out;
}

IsoWeek iso_week_netherlands(TimePoint now) {
    return iso_week_of(local_day_netherlands(now).first);
}

std::vector<IsoWeek> iso_weeks_netherlands(TimePoint now, int weeks) {
    const auto today = local_day_netherlands(now).first;
    std::vector<IsoWeek> out;
    for (int i = weeks - 1; i >= 0; --i) out.push_back(iso_week_of(today - std::chrono::days{7 * i}));
    return out;
}

}  // namespace advieslijn::callbacks
