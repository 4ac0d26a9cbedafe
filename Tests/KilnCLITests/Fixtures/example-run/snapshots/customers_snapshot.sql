
      
  
    
    
    create  table main."customers_snapshot"
    as
        
    

    select *,
        hex(md5(coalesce(cast(customer_id as varchar ), '')
         || '|' || coalesce(cast(updated_at as varchar ), '')
        )) as dbt_scd_id,
        updated_at as dbt_updated_at,
        updated_at as dbt_valid_from,
        
  
  coalesce(nullif(updated_at, updated_at), null)
  as dbt_valid_to
from (
        

select customer_id, email, full_name, plan, country_code, updated_at
from main."stg_customers"
where updated_at is not null

    ) sbq




  
  