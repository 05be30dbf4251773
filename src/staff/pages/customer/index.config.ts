export default definePageConfig({
  navigationBarTitleText: '顾客详情',
  navigationBarBackgroundColor: '#173129',
});
