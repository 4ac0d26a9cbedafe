
    
    



select customer_id
from main."customer_churn_features"
where customer_id is null


