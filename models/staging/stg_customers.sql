-- One row per customer from the app database: null ids dropped, duplicate ids
-- resolved to the most recently updated row, emails normalised, bad dates nulled.
with source as (

    select * from {{ ref('raw_customers') }}

),

typed as (

    select
        id as customer_id,
        {{ clean_email('email') }} as email,
        {{ clean_text('name') }} as full_name,
        lower({{ clean_text('plan') }}) as plan,
        upper({{ clean_text('country') }}) as country_code,
        {{ safe_date('signup_date') }} as signup_date,
        {{ safe_timestamp('updated_at') }} as updated_at
    from source
    where id is not null

),

ranked as (

    select
        typed.*,
        row_number() over (partition by customer_id order by updated_at desc) as row_num
    from typed

)

select
    customer_id,
    email,
    full_name,
    plan,
    country_code,
    -- a signup after the as-of date is as impossible as 2023-02-30
    case
        when signup_date <= {{ date_literal(var('as_of_date')) }} then signup_date
    end as signup_date,
    updated_at
from ranked
where row_num = 1
