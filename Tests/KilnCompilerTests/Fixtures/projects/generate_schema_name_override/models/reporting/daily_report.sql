select date_day, '{{ this.schema }}' as schema_name from {{ ref('dim_dates') }}
