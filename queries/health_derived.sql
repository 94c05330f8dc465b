-- The derived tables against a recomputation from their *_live views: rows in one and not the other.
-- Grain: one row per derived table (table_name, rows_differing: keys whose row is missing, extra or different). Parameters: none. Values are compared to
-- 9 decimals: a parallel average may differ from the stored one in its last bits.
with unit_theme_now as (
    select quarter, year, street, unit, theme, round(theme_score, 9), raters, weight, max_score, round(theme_pct, 9)
    from unit_theme
),
unit_theme_again as (
    select quarter, year, street, unit, theme, round(theme_score, 9), raters, weight, max_score, round(theme_pct, 9)
    from unit_theme_live
),
street_theme_now as (
    select quarter, year, street, theme, round(theme_pct, 9), units, score, score_rank from street_theme
),
street_theme_again as (
    select quarter, year, street, theme, round(theme_pct, 9), units, score, score_rank from street_theme_live
),
unit_total_now as (
    select quarter, year, street, unit, kind, round(total, 9), round(coverage, 9), themes_scored, themes_all from unit_total
),
unit_total_again as (
    select quarter, year, street, unit, kind, round(total, 9), round(coverage, 9), themes_scored, themes_all
    from unit_total_live
),
street_total_now as (
    select quarter, year, street, total, units, round(coverage, 9), rank, qoq, yoy, rank_change from street_total
),
street_total_again as (
    select quarter, year, street, total, units, round(coverage, 9), rank, qoq, yoy, rank_change from street_total_live
),
differing as (
    select 'unit_theme' as table_name, (select count(*) from (select distinct quarter, street, unit, theme from (
        (from unit_theme_now except all from unit_theme_again) union all (from unit_theme_again except all from unit_theme_now)))) as rows_differing
    union all
    select 'street_theme', (select count(*) from (select distinct quarter, street, theme from (
        (from street_theme_now except all from street_theme_again) union all (from street_theme_again except all from street_theme_now))))
    union all
    select 'unit_total', (select count(*) from (select distinct quarter, street, unit from (
        (from unit_total_now except all from unit_total_again) union all (from unit_total_again except all from unit_total_now))))
    union all
    select 'street_total', (select count(*) from (select distinct quarter, street from (
        (from street_total_now except all from street_total_again) union all (from street_total_again except all from street_total_now))))
)
select * from differing
