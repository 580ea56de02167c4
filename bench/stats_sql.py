"""The statements of bench/stats_data.py. They read its temporary tables:

_bs  placements: slot, on_site, matter_id, bundle_id, dept_id, region_id, prefix, point_id,
     window_id, clerk_id, channel, limit_days, warn_back (limit minus the warning threshold)
_bd  days: day, cases (how many that day), cum (working days up to it), workday, tag (the
     day in a case number), midnight and next_acc (9:00 on the next working day), as times
_bw  working days: n (1, 2, ...), day, end_at (its end);  _bbm bundle items;  _bq the queue of each window

Random draws are made once per row in a MATERIALIZED CTE, so a value used in two places is
the same value. Case times are seconds since the epoch (double precision) until the final
to_timestamp(): midnight and the ends of days are converted from local time once per day in
the tables above, since AT TIME ZONE and interval arithmetic per row cost more than all the
rest of a case put together."""

CONCLUDED = "('APPROVED', 'DENIED', 'DELIVERED', 'CLOSED')"

# One statement a month: the cases, and from what they return (no second pass over a
# table of millions) the items of bundle cases, the hall tickets and the ratings.
CASES_SQL = """
WITH g AS MATERIALIZED (
    SELECT d.cum, d.tag, d.midnight, d.next_acc, x.seq,
        1 + floor(random() * CASE WHEN d.workday THEN %(k)s ELSE %(k_online)s END)::int AS slot,
        random() AS r_time, random() AS r_acc, random() AS r_st, random() AS r_fr,
        random() AS r_late, random() AS r_app, random() AS r_dl
    FROM _bd d CROSS JOIN LATERAL generate_series(1, d.cases) AS x(seq)
    WHERE d.day >= %(lo)s AND d.day < %(hi)s
), t AS (
    SELECT g.*, s.on_site, s.matter_id, s.bundle_id, s.dept_id, s.region_id, s.prefix,
        s.point_id, s.window_id, s.clerk_id, s.channel, s.limit_days, s.warn_back,
        -- at a desk from 8:45 to 16:45; online from 7:00 to 23:00
        g.midnight + CASE WHEN s.on_site THEN 31500 + g.r_time * 28800
                          ELSE 25200 + g.r_time * 57600 END AS sub,
        g.cum + (NOT s.on_site)::int AS cum_a
    FROM g JOIN _bs s USING (slot)
), k AS (
    -- cases.clock.compute: due at the end of the limit-th working day after acceptance,
    -- warned at the end of the day the threshold begins (or at once); limit 0 is due at
    -- once. A desk accepts within 20 minutes; online, 9:00-12:00 the next working day.
    SELECT t.*, CASE WHEN t.on_site THEN t.sub + t.r_acc * 1200
                     ELSE t.next_acc + t.r_acc * 10800 END AS acc,
        wd.end_at AS due_end, ww.end_at AS warn_end
    FROM t
    LEFT JOIN _bw wd ON wd.n = t.cum_a + t.limit_days
    LEFT JOIN _bw ww ON ww.n = t.cum_a + t.warn_back
), c AS MATERIALIZED (
    SELECT k.*,
        CASE WHEN k.limit_days = 0 THEN k.acc ELSE k.due_end END AS due,
        CASE WHEN k.warn_back > 0 THEN k.warn_end ELSE k.acc END AS warn,
        CASE WHEN k.acc > %(now)s THEN 'SUBMITTED'
             WHEN k.r_st < 0.010 THEN 'REFUSED' WHEN k.r_st < 0.025 THEN 'WITHDRAWN'
             WHEN k.r_st < 0.050 THEN 'DENIED' WHEN k.r_st < 0.150 THEN 'APPROVED'
             WHEN k.r_st < 0.400 THEN 'DELIVERED' ELSE 'CLOSED' END AS st
    FROM k
), e AS (
    -- concluded early in the limit mostly; 1 in 100 up to 6 days after it; never after now
    SELECT c.*, c.st NOT IN ('SUBMITTED', 'REFUSED') AS on_clock,
        CASE WHEN c.st = 'SUBMITTED' THEN NULL
             WHEN c.st = 'REFUSED' THEN least(c.sub + c.r_fr * 86400, %(now)s - 60)
             ELSE greatest(c.acc, least(%(now)s - 60,
                CASE WHEN c.r_late < 0.01 AND c.st <> 'WITHDRAWN'
                     THEN c.due + 3600 + c.r_fr * 518400
                     ELSE c.acc + (c.due - c.acc) * (c.r_fr * c.r_fr * 0.95) END)) END AS conc
    FROM c
), ins AS (
    INSERT INTO cases_case (number, matter_id, bundle_id, applicant_id, channel, region_id,
        service_point_id, window_id, lead_department_id, form_data, status,
        promised_limit_days, suspended_workdays, submitted_at, accepted_at, due_at, warn_at,
        concluded_at, delivered_at, closed_at, decision_reason, submitted_by_id, version)
    SELECT prefix || tag || CASE WHEN seq < 100000 THEN lpad(seq::text, 5, '0') ELSE seq::text END,
        matter_id, bundle_id, %(app0)s + floor(r_app * %(apps)s)::int, channel, region_id,
        point_id, window_id, dept_id, '{}'::jsonb, st, limit_days, 0, to_timestamp(sub),
        CASE WHEN on_clock THEN to_timestamp(acc) END, CASE WHEN on_clock THEN to_timestamp(due) END,
        CASE WHEN on_clock THEN to_timestamp(warn) END, to_timestamp(conc),
        CASE WHEN st IN ('DELIVERED', 'CLOSED') THEN to_timestamp(least(conc + r_dl * 259200, %(now)s)) END,
        CASE WHEN st = 'CLOSED' THEN to_timestamp(least(conc + r_dl * 259200 + 86400, %(now)s)) END,
        CASE st WHEN 'REFUSED' THEN '申请材料不齐全或者不符合法定形式'
                WHEN 'DENIED' THEN '不符合法定许可条件' ELSE '' END,
        clerk_id, 1
    FROM e
    RETURNING id, bundle_id, channel, window_id, submitted_at, status, concluded_at,
        applicant_id, submitted_by_id, lead_department_id, service_point_id, matter_id
), items AS (
    INSERT INTO cases_case_bundle_matters (case_id, matter_id)
    SELECT ins.id, b.matter_id FROM ins JOIN _bbm b ON b.bundle_id = ins.bundle_id
    RETURNING 1
),
{TICKETS},
{RATINGS}
SELECT (SELECT count(*) FROM ins), (SELECT count(*) FROM items),
    (SELECT count(*) FROM tickets), (SELECT count(*) FROM ratings)
"""

# Recent concluded cases without a rating, to be put back on the clock.
_RECENT = f"""
    SELECT id FROM cases_case c
    WHERE submitted_at >= %(now)s - interval '{{days}} days' AND status IN {CONCLUDED}
      AND promised_limit_days > 0 AND due_at {{due}} %(now)s
      AND NOT EXISTS (SELECT 1 FROM ratings_rating r WHERE r.case_id = c.id)
    ORDER BY random() LIMIT %({{many}})s
"""
_REOPEN = """concluded_at = NULL, delivered_at = NULL, closed_at = NULL, decision_reason = ''"""

RUNNING_SQL = f"""
UPDATE cases_case c SET {_REOPEN},
    status = CASE WHEN random() < 0.3 THEN 'ACCEPTED' ELSE 'IN_REVIEW' END
FROM (({_RECENT.format(days=30, due=">", many="green")})
      UNION ALL ({_RECENT.format(days=60, due="<=", many="red")})) pick
WHERE c.id = pick.id
"""

# Suspended for an on-site inspection, with the open Suspension row the services write.
SUSPENDED_SQL = f"""
WITH up AS (
    UPDATE cases_case c SET {_REOPEN}, status = 'SUSPENDED'
    FROM ({_RECENT.format(days=30, due=">", many="suspended")}) pick WHERE c.id = pick.id
    RETURNING c.id, c.accepted_at, c.submitted_by_id
)
INSERT INTO cases_suspension (case_id, reason, expected_workdays, started_at, ended_at,
    workdays, started_by_id)
SELECT id, '现场勘验', 5, least(accepted_at + interval '1 day', %(now)s), NULL, 0, submitted_by_id
FROM up
"""

WAITING_SQL = f"""
UPDATE cases_case c SET {_REOPEN}, accepted_at = NULL, due_at = NULL, warn_at = NULL,
    status = (ARRAY['SUBMITTED', 'PRE_REVIEWED', 'SUPPLEMENT_REQUESTED'])[1 + floor(random() * 3)::int]
FROM (SELECT id FROM cases_case c WHERE submitted_at >= %(now)s - interval '3 days'
      AND status IN {CONCLUDED} AND NOT EXISTS (SELECT 1 FROM ratings_rating r WHERE r.case_id = c.id)
      ORDER BY random() LIMIT %(waiting)s) pick
WHERE c.id = pick.id
"""

# Three window cases in ten came through the queue; 4% of those tickets were called and
# nobody came (no case). Numbers run per queue and day in the order of issue: a month's
# cases hold whole days, so numbering them per statement is numbering them per day.
TICKETS = """w AS MATERIALIZED (
    SELECT ins.id, ins.window_id, ins.submitted_at, random() AS r_show, random() AS r_src,
        random() AS r_wait, random() AS r_serve
    FROM ins WHERE ins.channel = 'WINDOW' AND ins.window_id IS NOT NULL AND random() < 0.3
), x AS (
    SELECT q.queue_id, q.letter, w.window_id, (w.submitted_at AT TIME ZONE %(tz)s)::date AS day,
        CASE WHEN w.r_show < 0.04 THEN NULL ELSE w.id END AS case_id,
        CASE WHEN w.r_show < 0.04 THEN 'NO_SHOW' ELSE 'DONE' END AS status,
        CASE WHEN w.r_src < 0.06 THEN 'PRE_REVIEW' WHEN w.r_src < 0.14 THEN 'APPOINTMENT'
             WHEN w.r_src < 0.24 THEN 'WEB' ELSE 'KIOSK' END AS source,
        w.submitted_at - interval '1 minute' - w.r_wait * w.r_wait * interval '50 minutes' AS issued_at,
        w.submitted_at - interval '1 minute' AS called_at,
        CASE WHEN w.r_show < 0.04 THEN w.submitted_at + interval '2 minutes'
             ELSE w.submitted_at + interval '3 minutes' + w.r_serve * interval '20 minutes' END AS finished_at
    FROM w JOIN _bq q ON q.window_id = w.window_id
), tickets AS (
    INSERT INTO hall_ticket (queue_id, day, seq, number, rank, source, status, phone,
        window_id, case_id, issued_at, called_at, call_count, finished_at)
    SELECT queue_id, day, seq,
        letter || CASE WHEN seq < 1000 THEN lpad(seq::text, 3, '0') ELSE seq::text END,
        CASE WHEN source = 'APPOINTMENT' THEN 1 ELSE 2 END, source, status, '', window_id,
        case_id, issued_at, called_at, 1, finished_at
    FROM (SELECT x.*, row_number() OVER (PARTITION BY queue_id, day ORDER BY issued_at) AS seq
          FROM x) y
    RETURNING 1
)"""

# One rating in ten concluded cases, most of them good; 8% of the bad ones excluded after
# an upheld appeal. Who and where is copied from the case as ratings.services does.
RATINGS = """r AS MATERIALIZED (
    SELECT ins.*, ins.channel IN ('ONLINE', 'MOBILE') AS online,
        random() AS r_lv, random() AS r_src, random() AS r_at, random() AS r_ex
    FROM ins WHERE ins.status IN ('APPROVED', 'DENIED', 'DELIVERED', 'CLOSED') AND random() < 0.1
), l AS (
    SELECT r.*, r_lv >= 0.95 AS bad, r_lv >= 0.95 AND r_ex < 0.08 AS ex,
        CASE WHEN r_lv < 0.62 THEN 5 WHEN r_lv < 0.85 THEN 4 WHEN r_lv < 0.95 THEN 3
             WHEN r_lv < 0.985 THEN 2 ELSE 1 END AS score,
        least(r.concluded_at + r_at * interval '3 days', to_timestamp(%(now)s)) AS at
    FROM r
), ratings AS (
    INSERT INTO ratings_rating (case_id, channel, level, is_bad, scores, comment, source,
        applicant_id, staff_id, window_id, department_id, service_point_id, matter_id,
        created_at, excluded, excluded_reason, excluded_at)
    SELECT id, CASE WHEN online THEN 'ONLINE' ELSE 'ON_SITE' END,
        (ARRAY['VERY_DISSATISFIED', 'DISSATISFIED', 'BASIC', 'SATISFIED', 'VERY_SATISFIED'])[score],
        bad, jsonb_build_object('overall', score, 'efficiency', score),
        CASE WHEN bad THEN '等候时间长，窗口解释不清' ELSE '' END,
        CASE WHEN online THEN 'WEB' WHEN r_src < 0.7 THEN 'DEVICE' ELSE 'QR' END,
        applicant_id, CASE WHEN online THEN NULL ELSE submitted_by_id END,
        CASE WHEN online THEN NULL ELSE window_id END, lead_department_id, service_point_id,
        matter_id, at, ex, CASE WHEN ex THEN '申诉成立：评价与办件无关' ELSE '' END,
        CASE WHEN ex THEN least(at + interval '5 days', to_timestamp(%(now)s)) END
    FROM l
    RETURNING 1
)"""

CASES_SQL = CASES_SQL.replace("{TICKETS}", TICKETS).replace("{RATINGS}", RATINGS)

PREREVIEWS_SQL = """
INSERT INTO hall_prereview (id, service_point_id, matter_id, applicant_name, applicant_phone,
    checks, passed, started_at, finished_at, clerk_id)
SELECT pr_id, service_point_id, matter_id, '', '',
    '[{"name": "申请材料", "result": "PROVIDED", "note": ""}]'::jsonb, true,
    started_at, started_at + interval '2 minutes' + r * interval '10 minutes', clerk_id
FROM _bpr
UNION ALL
SELECT nextval(pg_get_serial_sequence('hall_prereview', 'id')), service_point_id, matter_id,
    '', '', '[{"name": "身份证明", "result": "MISSING", "note": "未携带原件"}]'::jsonb, false,
    started_at - interval '1 day', started_at - interval '1 day' + interval '5 minutes'
        + r * interval '5 minutes', clerk_id
FROM _bpr WHERE r < 1.0 / 6
"""

# Every bad rating opens a rectification; three in four are closed after a revisit.
RECTIFY_SQL = """
INSERT INTO ratings_rectification (rating_id, status, department_id, responsible_id,
    created_at, verify_due_date, rectify_due_date, verified_at, finding, outcome, measures,
    rectified_at, revisit_level, revisit_comment, revisited_at)
SELECT id, st, department_id, staff_id, created_at, created_at::date + 2, created_at::date + 7,
    CASE WHEN st <> 'VERIFYING' THEN least(created_at + interval '1 day', %(now)s) END,
    CASE WHEN st <> 'VERIFYING' THEN '情况属实' ELSE '' END,
    CASE WHEN st IN ('REVISITING', 'CLOSED') THEN 'FIXED' ELSE '' END,
    CASE WHEN st IN ('REVISITING', 'CLOSED') THEN '已向申请人说明并改进窗口指引' ELSE '' END,
    CASE WHEN st IN ('REVISITING', 'CLOSED') THEN least(created_at + interval '3 days', %(now)s) END,
    CASE WHEN st = 'CLOSED' THEN 'SATISFIED' ELSE '' END, '',
    CASE WHEN st = 'CLOSED' THEN least(created_at + interval '5 days', %(now)s) END
FROM (SELECT r.*, CASE WHEN r.excluded THEN 'EXCLUDED' WHEN u < 0.75 THEN 'CLOSED'
                       WHEN u < 0.85 THEN 'REVISITING' WHEN u < 0.93 THEN 'RECTIFYING'
                       ELSE 'VERIFYING' END AS st
      FROM (SELECT ratings_rating.*, random() AS u FROM ratings_rating WHERE is_bad
            OFFSET 0) r) b
"""

# So that a case submitted today through the services continues each day's sequence.
COUNTERS_SQL = """
INSERT INTO cases_casecounter (prefix, day, last)
SELECT p.prefix, d.day, d.cases FROM _bd d CROSS JOIN (SELECT DISTINCT prefix FROM _bs) p
WHERE d.cases > 0
ON CONFLICT (prefix, day) DO UPDATE SET last = greatest(cases_casecounter.last, EXCLUDED.last)
"""
