
-- Fixture for stg_customers
select 
    
    cast(1 as INT)
 as customer_id, cast(null as UNKNOWN) as email, cast(null as UNKNOWN) as full_name, 
    
    cast('pro' as UNKNOWN)
 as plan, cast(null as UNKNOWN) as country_code, 
    
    cast('2023-01-01' as UNKNOWN)
 as signup_date, cast(null as UNKNOWN) as updated_at
union all
select 
    
    cast(2 as INT)
 as customer_id, cast(null as UNKNOWN) as email, cast(null as UNKNOWN) as full_name, 
    
    cast('pro' as UNKNOWN)
 as plan, cast(null as UNKNOWN) as country_code, 
    
    cast('2023-01-01' as UNKNOWN)
 as signup_date, cast(null as UNKNOWN) as updated_at
union all
select 
    
    cast(3 as INT)
 as customer_id, cast(null as UNKNOWN) as email, cast(null as UNKNOWN) as full_name, 
    
    cast('starter' as UNKNOWN)
 as plan, cast(null as UNKNOWN) as country_code, 
    
    cast('2023-01-01' as UNKNOWN)
 as signup_date, cast(null as UNKNOWN) as updated_at
union all
select 
    
    cast(4 as INT)
 as customer_id, cast(null as UNKNOWN) as email, cast(null as UNKNOWN) as full_name, 
    
    cast('free' as UNKNOWN)
 as plan, cast(null as UNKNOWN) as country_code, 
    
    cast('2023-01-01' as UNKNOWN)
 as signup_date, cast(null as UNKNOWN) as updated_at