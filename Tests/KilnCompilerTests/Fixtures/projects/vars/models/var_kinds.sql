{{ config(alias=var('alias_name', 'var_kinds')) }}
select
    '{{ var("missing_with_default", "fallback") }}' as defaulted,
    {{ var('thresholds')['low'] }} as low_threshold,
    {{ var('thresholds').high }} as high_threshold,
    '{{ var("scoped_var") }}' as scoped,
    '{{ var("regions") | join(",") }}' as regions,
    {{ var('regions') | length }} as region_count,
    '{{ var("start_date") is string }}' as start_date_is_string,
    '{{ var("row_limit") is number }}' as row_limit_is_number
