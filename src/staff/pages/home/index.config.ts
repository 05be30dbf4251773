export default definePageConfig({
  navigationBarTitleText: '店员工作台',
  navigationBarBackgroundColor: '#173129',
});
