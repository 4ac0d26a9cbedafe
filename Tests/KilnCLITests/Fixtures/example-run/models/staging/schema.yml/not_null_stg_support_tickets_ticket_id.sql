
    select
      count(*) as failures,
      case when count(*) != 0
        then 'true' else 'false' end as should_warn,
      case when count(*) != 0
        then 'true' else 'false' end as should_error
    from (
      
    
  
    
    



select ticket_id
from main."stg_support_tickets"
where ticket_id is null



  
  
      
    ) dbt_internal_test