
    select
      count(*) as failures,
      case when count(*) != 0
        then 'true' else 'false' end as should_warn,
      case when count(*) != 0
        then 'true' else 'false' end as should_error
    from (
      
    
  
    
    

select
    plan as unique_field,
    count(*) as n_records

from main."mrr_by_plan"
where plan is not null
group by plan
having count(*) > 1



  
  
      
    ) dbt_internal_test