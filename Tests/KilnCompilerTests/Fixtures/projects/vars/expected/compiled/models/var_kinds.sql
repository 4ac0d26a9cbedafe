
select
    'fallback' as defaulted,
    5 as low_threshold,
    50 as high_threshold,
    'from the package scope' as scoped,
    'eu,us' as regions,
    2 as region_count,
    'True' as start_date_is_string,
    'True' as row_limit_is_number