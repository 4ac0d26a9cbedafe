
  
    
    
    create  table main."stg_customers"
    as
        -- One row per customer from the app database: null ids dropped, duplicate ids
-- resolved to the most recently updated row, emails normalised, bad dates nulled.
with source as (

    select * from main."raw_customers"

),

typed as (

    select
        id as customer_id,
        case
        when lower(trim(email)) like '%_@_%._%'
         and lower(trim(email)) not like '% %'
        then lower(trim(email))
    end as email,
        nullif(trim(name), '') as full_name,
        lower(nullif(trim(plan), '')) as plan,
        upper(nullif(trim(country), '')) as country_code,
        case when date(signup_date, '+0 days') = substr(signup_date, 1, 10) then date(signup_date, '+0 days') end as signup_date,
        case when datetime(updated_at, '+0 seconds') = updated_at then datetime(updated_at, '+0 seconds') end as updated_at
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
        when signup_date <= '2024-06-30' then signup_date
    end as signup_date,
    updated_at
from ranked
where row_num = 1

  