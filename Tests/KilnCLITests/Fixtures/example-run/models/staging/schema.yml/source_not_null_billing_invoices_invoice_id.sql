
    select
      count(*) as failures,
      case when count(*) != 0
        then 'true' else 'false' end as should_warn,
      case when count(*) != 0
        then 'true' else 'false' end as should_error
    from (
      
    
  
    
    



select invoice_id
from main."raw_invoices"
where invoice_id is null



  
  
      
    ) dbt_internal_test