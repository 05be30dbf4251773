export default definePageConfig({
  navigationBarTitleText: '员工绑定',
  navigationBarBackgroundColor: '#173129',
});
