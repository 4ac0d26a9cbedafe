
    select
      count(*) as failures,
      case when count(*) != 0
        then 'true' else 'false' end as should_warn,
      case when count(*) != 0
        then 'true' else 'false' end as should_error
    from (
      
    
  

select *
from main."stg_customers"
where email is not null
  and (email not like '%_@_%._%' or email like '% %')


  
  
      
    ) dbt_internal_test